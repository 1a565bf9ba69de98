package com.crm.integrations.sandbox.provider.service;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import com.crm.integrations.sandbox.provider.Grant;

/**
 * Microsoft's {@code {tenant}} path segment (PROVIDERS.md §3): which values the identity platform takes, and the
 * tenant id ({@code tid}) a grant's tokens carry.
 */
final class MicrosoftTenants {

    /** The tenant of personal Microsoft accounts. */
    static final String CONSUMERS_TENANT = "9188040d-6c67-4c5b-b112-36a304b66dad";
    private static final Set<String> CONSUMER_DOMAINS = Set.of("outlook.com", "hotmail.com", "live.com", "msn.com");
    private static final Pattern GUID = Pattern.compile("[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}");
    private static final Pattern DOMAIN = Pattern.compile("(?=.{3,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+[A-Za-z]{2,63}");

    private MicrosoftTenants() {
    }

    /** Whether {@code tenant} is common, organizations, consumers, a GUID or a domain. */
    static boolean isTenant(String tenant) {
        return tenant != null && (tenant.equals("common") || tenant.equals("organizations") || tenant.equals("consumers")
                || GUID.matcher(tenant).matches() || DOMAIN.matcher(tenant).matches());
    }

    /** The path's GUID; the personal-account tenant for consumers and outlook.com-like accounts; else one per domain. */
    static String tenantId(Grant grant) {
        String tenant = grant.request().tenant();
        if (tenant != null && GUID.matcher(tenant).matches()) {
            return tenant.toLowerCase(Locale.ROOT);
        }
        String domain = tenant != null && DOMAIN.matcher(tenant).matches() ? tenant.toLowerCase(Locale.ROOT) : Identities.domain(grant.account());
        if ("consumers".equals(tenant) || CONSUMER_DOMAINS.contains(domain)) {
            return CONSUMERS_TENANT;
        }
        return Identities.uuid("microsoft-tenant", domain).toString();
    }
}
