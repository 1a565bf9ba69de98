package com.crm.integrations.common.events.payload;

/**
 * A tag to add to or remove from a member. mailchimp-service puts the tenant's tag prefix (its Mailchimp settings,
 * {@code crm-} by default) before the name, so the CRM's tags never touch the ones people set in Mailchimp.
 *
 * @param name   the tag's name without the prefix
 * @param active true: the member gets the tag; false: it loses it. Required: a command without it is refused, not
 *               read as a removal (as a primitive boolean would read it)
 */
public record MemberTag(String name, Boolean active) {

    /** The longest name, in characters (code points): Mailchimp's 100 less the longest prefix, 32. */
    public static final int NAME_MAX_LENGTH = 68;

    public MemberTag {
        Checks.text(name, "name", NAME_MAX_LENGTH);
        Checks.required(active, "active");
    }
}
