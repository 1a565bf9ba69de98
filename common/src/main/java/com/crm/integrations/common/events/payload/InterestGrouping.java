package com.crm.integrations.common.events.payload;

import java.util.List;

/**
 * One interest category (a "grouping") of an audience member and the groups of it the member is in, in
 * {@code subscriber.changed.v2}'s {@code interests}. From Mailchimp's {@code GROUPINGS} (one per category, with its id
 * and name); when Mailchimp gives only the comma-separated {@code INTERESTS}, those are one grouping without id and name.
 *
 * @param id     Mailchimp's id of the interest category; {@code null} when not known (the {@code INTERESTS} form)
 * @param name   the category's name as the audience shows it; {@code null} when not known
 * @param groups the names of the category's groups (interests) the member is in, in Mailchimp's order; empty when the
 *               member is in none of them, never {@code null}; each not blank
 */
public record InterestGrouping(String id, String name, List<String> groups) {

    public InterestGrouping {
        Checks.optionalText(id, "id");
        Checks.optionalText(name, "name");
        groups = List.copyOf(Checks.required(groups, "groups")); // refuses null elements
        for (String group : groups) {
            Checks.text(group, "groups[]");
        }
    }
}
