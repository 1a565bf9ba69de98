package com.crm.integrations.common.events.payload;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What happened to an audience member: the {@code type} of Mailchimp's audience webhook, whatever the source. */
public enum SubscriberChange {
    /** The address joined the audience (or rejoined it). */
    @JsonProperty("subscribe")
    SUBSCRIBE,
    /** The address left the audience, or was deleted from it. */
    @JsonProperty("unsubscribe")
    UNSUBSCRIBE,
    /** Merge fields, interests or other profile data changed. */
    @JsonProperty("profile")
    PROFILE,
    /** The member's e-mail address changed; the member now has a new subscriber hash. */
    @JsonProperty("upemail")
    UPEMAIL,
    /** Mailchimp stopped sending to the address: hard bounce or spam complaint. */
    @JsonProperty("cleaned")
    CLEANED
}
