package com.crm.integrations.sandbox.mailchimp.service;

import java.util.List;

import com.crm.integrations.sandbox.mailchimp.config.MailchimpListsConfig;

/** A page of a collection: {@code count} (default 10, cut to 1000) items from {@code offset} (default 0). */
record Paging(int count, int offset) {

    /** @throws com.crm.integrations.sandbox.provider.ProviderRefusal 400 for a value that is not a whole number ≥ 0 */
    static Paging of(String count, String offset, MailchimpListsConfig config) {
        int size = count == null ? config.defaultCount() : Math.min(number("count", count), config.maxCount());
        return new Paging(size, offset == null ? 0 : number("offset", offset));
    }

    <T> List<T> page(List<T> items) {
        int from = Math.min(offset, items.size());
        return items.subList(from, Math.min(items.size(), from + count));
    }

    private static int number(String field, String value) {
        try {
            int number = Integer.parseInt(value.trim());
            if (number >= 0) {
                return number;
            }
        } catch (NumberFormatException notNumber) {
            // refused below
        }
        throw MailchimpErrors.invalidField(field, "This value should be a whole number of 0 or more.");
    }
}
