package com.crm.integrations.sandbox.mailchimp.service;

import java.security.SecureRandom;
import java.util.regex.Pattern;

import com.crm.integrations.sandbox.provider.service.RandomTokens;

/** Ids in Mailchimp's forms (PROVIDERS.md §5.3, §6.2, §8 #38, #39). */
public final class MailchimpIds {

    /** A subscriber hash as the API takes it: 32 lower-case hex digits. */
    public static final Pattern SUBSCRIBER_HASH = Pattern.compile("[0-9a-f]{32}");

    /** An audience id the control API accepts: 1-32 letters and digits ({@code a6b5da1054}). */
    public static final Pattern LIST_ID = Pattern.compile("[A-Za-z0-9]{1,32}");

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String LOWER_ALPHANUMERIC = "abcdefghijklmnopqrstuvwxyz0123456789";

    private MailchimpIds() {
    }

    /** A new audience id: 10 lower-case letters and digits. */
    public static String listId() {
        StringBuilder id = new StringBuilder(10);
        for (int i = 0; i < 10; i++) {
            id.append(LOWER_ALPHANUMERIC.charAt(RANDOM.nextInt(LOWER_ALPHANUMERIC.length())));
        }
        return id.toString();
    }

    /** A member's {@code unique_email_id}, a webhook's id, a campaign's: 10 lower-case hex digits. */
    public static String tenHex() {
        return RandomTokens.hex(5);
    }

    /** A member's {@code contact_id}: 32 lower-case hex digits. */
    public static String contactId() {
        return RandomTokens.hex(16);
    }

    /** The numeric {@code web_id} of the Mailchimp UI's pages. */
    public static long webId() {
        return 100_000_000L + RANDOM.nextInt(900_000_000);
    }
}
