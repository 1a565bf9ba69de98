package com.crm.integrations.sandbox.mailchimp;

/**
 * A campaign of an audience, as far as the stand-in knows one yet: what its webhook event reports ({@code sent} or
 * {@code canceled}). Campaign creation, content and sending through the API are a later stand-in's.
 */
public record Campaign(String id, String listId, String subject, String status) {
}
