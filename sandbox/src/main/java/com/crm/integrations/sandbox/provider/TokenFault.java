package com.crm.integrations.sandbox.provider;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

import com.crm.integrations.sandbox.error.InvalidRequestException;

/**
 * A switched-on token error: the next refresh requests for an account's grants get this error instead of tokens.
 *
 * @param error the OAuth {@code error} code, e.g. {@code invalid_grant}
 * @param errorCode Microsoft's AADSTS number; {@code null} for the error's usual one (ignored elsewhere)
 * @param status 400-599; {@code null} for the error's usual status (401 for {@code invalid_client}, else 400)
 * @param description the {@code error_description}; {@code null} for the provider's usual wording
 * @param times how many requests get it; {@code null} until removed
 */
public record TokenFault(String error, Integer errorCode, Integer status, String description, Integer times) {

    private static final Pattern ERROR = Pattern.compile("[a-z_]{1,64}");

    public TokenFault {
        if (error == null || !ERROR.matcher(error).matches()) {
            throw new InvalidRequestException("error is required: 1-64 of [a-z_], e.g. invalid_grant");
        }
        if (errorCode != null && (errorCode < 1 || errorCode > 99_999_999)) {
            throw new InvalidRequestException("errorCode must be a positive AADSTS number");
        }
        if (status != null && (status < 400 || status > 599)) {
            throw new InvalidRequestException("status must be between 400 and 599");
        }
        if (description != null && (description.isEmpty() || description.length() > 1024)) {
            throw new InvalidRequestException("description must be 1-1024 characters");
        }
        if (times != null && times < 1) {
            throw new InvalidRequestException("times must be at least 1, or absent for until removed");
        }
    }

    public int statusOrDefault() {
        return status != null ? status : "invalid_client".equals(error) ? 401 : 400;
    }

    /** A fault in force, with its uses left. */
    public static final class Active {

        private static final int UNLIMITED = -1;

        private final TokenFault fault;
        private final AtomicInteger remaining;

        public Active(TokenFault fault) {
            this.fault = fault;
            this.remaining = new AtomicInteger(fault.times() == null ? UNLIMITED : fault.times());
        }

        public TokenFault fault() {
            return fault;
        }

        /** Takes one use if any is left. */
        public boolean tryUse() {
            while (true) {
                int left = remaining.get();
                if (left == UNLIMITED) {
                    return true;
                }
                if (left == 0) {
                    return false;
                }
                if (remaining.compareAndSet(left, left - 1)) {
                    return true;
                }
            }
        }
    }
}
