package com.crm.integrations.sandbox.identity;

import java.util.Arrays;
import java.util.Optional;

/** A role a dev token may carry in its {@code groups} claim, besides {@code user}. */
public enum Role {
    TENANT_ADMIN("tenant_admin"),
    OPERATOR("operator");

    private final String group;

    Role(String group) {
        this.group = group;
    }

    /** The value in the {@code groups} claim. */
    public String group() {
        return group;
    }

    public static Optional<Role> ofGroup(String group) {
        return Arrays.stream(values()).filter(role -> role.group.equals(group)).findFirst();
    }
}
