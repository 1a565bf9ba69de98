package com.crm.integrations.sandbox.mailchimp;

/** A merge field of an audience besides {@code EMAIL} (PROVIDERS.md §5.3): its tag, and whether a member must have it. */
public record MergeField(String tag, boolean required) {
}
