package com.crm.integrations.common.security;

import java.util.regex.Pattern;

/**
 * A CRM tenant's id, as its identity tokens carry it in the {@code tenant_id} claim: 1 to 64
 * letters, digits, {@code .}, {@code _} or {@code -}.
 */
public record TenantId(String value) {

    public static final String PATTERN = "^[A-Za-z0-9._-]{1,64}$";
    private static final Pattern VALID = Pattern.compile(PATTERN);

    public TenantId {
        if (value == null || !VALID.matcher(value).matches()) {
            throw new IllegalArgumentException("A tenant id is 1 to 64 letters, digits, '.', '_' or '-'");
        }
    }

    public static boolean isValid(String value) {
        return value != null && VALID.matcher(value).matches();
    }

    @Override
    public String toString() {
        return value;
    }
}
