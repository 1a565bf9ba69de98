package com.crm.integrations.sandbox.provider;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The OAuth authorization servers the sandbox stands in for; {@link #prefix()} is the root of their routes. */
public enum Provider {
    GOOGLE("google"),
    MICROSOFT("microsoft"),
    MAILCHIMP("mailchimp"),
    GENERIC("generic");

    private final String prefix;

    Provider(String prefix) {
        this.prefix = prefix;
    }

    public String prefix() {
        return prefix;
    }

    public static Optional<Provider> ofPrefix(String prefix) {
        return Arrays.stream(values()).filter(p -> p.prefix.equals(prefix == null ? null : prefix.toLowerCase(Locale.ROOT))).findFirst();
    }
}
