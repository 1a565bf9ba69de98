package com.crm.integrations.sandbox.mailchimp.rest;

import java.util.List;

import com.crm.integrations.sandbox.mailchimp.Interest;

/**
 * The body of {@code POST /control/mailchimp/lists}: the data centre, the name, optionally the id, the merge fields
 * besides {@code EMAIL} (default {@code FNAME}, {@code LNAME}; {@code []}: the audience takes any tag), those of them a member
 * must have ({@code requiredMergeFields}, default none) and interest categories
 * ({@code [{"id"?, "title", "interests": [{"id"?, "name"}]}]}).
 */
public record AudienceRequest(String dc, String name, String id, List<String> mergeFields, List<String> requiredMergeFields,
        List<Category> interestCategories) {

    /** An interest category; ids are made when absent. */
    public record Category(String id, String title, List<Interest> interests) {
    }
}
