package com.crm.integrations.sandbox.provider;

import java.util.Objects;

/**
 * A refusal to render in a provider's words.
 *
 * @param detail what {@link Refusal} says it holds, or {@code null}
 * @param basicAuth whether the client authenticated with HTTP Basic (RFC 6749 then asks for a challenge on 401)
 * @param fault the switched-on error for {@link Refusal#SWITCHED}, else {@code null}
 */
public record TokenError(Refusal reason, String detail, boolean basicAuth, TokenFault fault) {

    public TokenError {
        Objects.requireNonNull(reason, "reason");
    }

    public static TokenError of(Refusal reason, String detail) {
        return new TokenError(reason, detail, false, null);
    }
}
