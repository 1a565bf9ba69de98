package com.crm.integrations.common.security;

/**
 * The roles our identity tokens carry in their {@code groups} claim. Path rules in the shared
 * configuration require {@link #SERVICE} on {@code /internal/**} and {@link #OPERATOR} on
 * {@code /admin/**}; every other API path requires an authenticated caller.
 */
public final class Roles {

    /** Every user token of the CRM. */
    public static final String USER = "user";
    /** A user who manages all of their tenant's integrations. */
    public static final String TENANT_ADMIN = "tenant_admin";
    /** A client-credentials token of one of our services (or a CRM service): no tenant. */
    public static final String SERVICE = "service";
    /** The CRM's operators: the admin API. */
    public static final String OPERATOR = "operator";

    private Roles() {
    }
}
