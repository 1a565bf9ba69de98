package com.crm.integrations.sandbox.mailchimp;

import java.time.Instant;
import java.util.Map;

/**
 * A member as an API client writes it (PROVIDERS.md §5.3): the body of {@code PUT …/members/{hash}} and each entry of a
 * batch subscribe, every field optional. Which ones a write needs depends on whether the member exists.
 *
 * @param emailAddress as sent (not trimmed: the hash is of the trimmed, lower-cased form)
 * @param status applied to new and existing members; {@code statusIfNew} to new ones only
 */
public record MemberInput(String emailAddress, MemberStatus status, MemberStatus statusIfNew, Profile profile, Signup signup) {

    /**
     * What the member tells about themselves.
     *
     * @param mergeFields by merge tag ({@code ""} or {@code null} clears one); {@code interests} by interest id
     * @param language {@code null}: unchanged; {@code vip} likewise; {@code emailType} {@code html}, {@code text} or {@code null}
     */
    public record Profile(Map<String, Object> mergeFields, Map<String, Boolean> interests, String language, Boolean vip, String emailType) {
        public Profile {
            mergeFields = mergeFields == null ? Map.of() : mergeFields;
            interests = interests == null ? Map.of() : interests;
        }
    }

    /** Where and when the member signed up and opted in; each {@code null} when not sent. */
    public record Signup(String ipSignup, Instant timestampSignup, String ipOpt, Instant timestampOpt) {
    }
}
