package com.crm.integrations.sandbox.mailchimp;

import java.time.Instant;
import java.util.Map;

/**
 * A member the control API adds as it is, without posting anything.
 *
 * @param status defaults to {@code subscribed}; {@code lastChanged} {@code null}: now
 */
public record MemberSeed(String email, MemberStatus status, Map<String, Object> mergeFields, Map<String, Boolean> interests,
        Instant lastChanged) {

    public MemberSeed {
        email = MemberChange.address("email", email);
        status = status == null ? MemberStatus.SUBSCRIBED : status;
        mergeFields = mergeFields == null ? Map.of() : mergeFields;
        interests = interests == null ? Map.of() : interests;
    }
}
