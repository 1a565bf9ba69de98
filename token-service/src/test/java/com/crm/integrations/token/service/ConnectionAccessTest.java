package com.crm.integrations.token.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.crm.integrations.common.events.payload.ConnectionKind;
import com.crm.integrations.common.security.Caller;
import com.crm.integrations.common.security.Roles;
import com.crm.integrations.common.security.TenantId;
import com.crm.integrations.token.Connection;
import com.crm.integrations.token.ConnectionPolicy;

class ConnectionAccessTest {

    private static final Caller ALICE = new Caller("alice", new TenantId("acme"), Set.of());
    private static final Caller ADMIN = new Caller("root", new TenantId("acme"), Set.of(Roles.TENANT_ADMIN));
    private static final Caller OTHER_TENANT_ADMIN = new Caller("root", new TenantId("globex"), Set.of(Roles.TENANT_ADMIN));
    private static final Caller SERVICE = new Caller("calendar-service", null, Set.of("service"));
    private static final ConnectionPolicy KEYS_FOR_ADMINS = new ConnectionPolicy(List.of("google", "mailchimp"), true);
    private static final ConnectionPolicy KEYS_FOR_ALL = new ConnectionPolicy(List.of("google", "mailchimp"), false);

    private static Connection oauth(String owner) {
        return Connection.builder(UUID.randomUUID(), "acme", "google", ConnectionKind.OAUTH).ownerUserId(Optional.of(owner))
                .created(owner, Instant.EPOCH).build();
    }

    private static Connection apiKey() {
        return Connection.builder(UUID.randomUUID(), "acme", "mailchimp", ConnectionKind.API_KEY).created("root", Instant.EPOCH).build();
    }

    @Test
    void aUserSeesTheirOwnConnection() {
        assertTrue(ConnectionAccess.canSee(ALICE, oauth("alice")));
    }

    @Test
    void aUserDoesNotSeeAnotherUsersConnection() {
        assertFalse(ConnectionAccess.canSee(ALICE, oauth("bob")));
    }

    @Test
    void aUserSeesTheTenantsApiKeyConnection() {
        assertTrue(ConnectionAccess.canSee(ALICE, apiKey()));
    }

    @Test
    void aTenantAdminSeesEveryConnectionOfTheTenant() {
        assertTrue(ConnectionAccess.canSee(ADMIN, oauth("bob")));
        assertTrue(ConnectionAccess.canSee(ADMIN, apiKey()));
    }

    @Test
    void nobodySeesAnotherTenantsConnection() {
        assertFalse(ConnectionAccess.canSee(OTHER_TENANT_ADMIN, oauth("alice")));
        assertFalse(ConnectionAccess.canSee(OTHER_TENANT_ADMIN, apiKey()));
    }

    @Test
    void aCallerWithoutTenantSeesNothing() {
        assertFalse(ConnectionAccess.canSee(SERVICE, apiKey()));
    }

    @Test
    void aListingShowsAUserTheirOwnAndATenantAdminEverything() {
        assertEquals(Optional.of("alice"), ConnectionAccess.listedOwner(ALICE));
        assertEquals(Optional.empty(), ConnectionAccess.listedOwner(ADMIN));
    }

    @Test
    void aUserManagesTheirOwnConnectionWhateverThePolicy() {
        assertTrue(ConnectionAccess.canManage(ALICE, oauth("alice"), KEYS_FOR_ADMINS));
    }

    @Test
    void aUserManagesTheTenantsApiKeysOnlyWhenThePolicyLetsThem() {
        assertFalse(ConnectionAccess.canManage(ALICE, apiKey(), KEYS_FOR_ADMINS));
        assertTrue(ConnectionAccess.canManage(ALICE, apiKey(), KEYS_FOR_ALL));
        assertFalse(ConnectionAccess.canManageApiKeys(ALICE, KEYS_FOR_ADMINS));
        assertTrue(ConnectionAccess.canManageApiKeys(ALICE, KEYS_FOR_ALL));
    }

    @Test
    void aTenantAdminManagesApiKeysWhateverThePolicy() {
        assertTrue(ConnectionAccess.canManage(ADMIN, apiKey(), KEYS_FOR_ADMINS));
        assertTrue(ConnectionAccess.canManageApiKeys(ADMIN, KEYS_FOR_ADMINS));
    }

    @Test
    void nobodyManagesWhatTheyCannotSee() {
        assertFalse(ConnectionAccess.canManage(ALICE, oauth("bob"), KEYS_FOR_ALL));
        assertFalse(ConnectionAccess.canManage(OTHER_TENANT_ADMIN, apiKey(), KEYS_FOR_ALL));
    }
}
