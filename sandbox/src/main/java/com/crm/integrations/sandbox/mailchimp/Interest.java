package com.crm.integrations.sandbox.mailchimp;

/** One group of an interest category: the API's interest id (the key of a member's {@code interests}) and its name. */
public record Interest(String id, String name) {
}
