package com.crm.integrations.sandbox.mailchimp;

import java.util.List;

/**
 * An interest category of an audience ("groups" in the Mailchimp UI): its API id, the numeric id webhooks give it in
 * {@code data[merges][GROUPINGS][n][id]} (the id being {@code unique_id} there), its title and its groups.
 */
public record InterestCategory(String id, int groupingId, String title, List<Interest> interests) {

    public InterestCategory {
        interests = List.copyOf(interests);
    }
}
