package com.crm.integrations.testing.contract;

import java.util.UUID;

/**
 * A tenant and one of its users, new for each test so tests never see each other's data: ids,
 * an e-mail address, and the sandbox's bearer tokens for the user, as a tenant admin, and for a
 * user of the same tenant.
 *
 * <pre>
 * TestUser ana = TestUser.fresh();
 * given().auth().oauth2(ana.token()).when().get("/connections")...
 * </pre>
 */
public record TestUser(String tenant, String user) {

    /** A new tenant with a new user. */
    public static TestUser fresh() {
        return new TestUser("t-" + shortId(), "u-" + shortId());
    }

    /** Another new user of the same tenant. */
    public TestUser colleague() {
        return new TestUser(tenant, "u-" + shortId());
    }

    /** The user's address at the providers' stand-ins. */
    public String email() {
        return user + "@example.com";
    }

    /** A bearer token of this user (no role). */
    public String token() {
        return SandboxTokens.user(tenant, user);
    }

    /** A bearer token of this user as the tenant's admin. */
    public String adminToken() {
        return SandboxTokens.user(tenant, user, "tenant_admin");
    }

    private static String shortId() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
