package com.crm.integrations.common.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.crm.integrations.common.problem.TenantRequiredException;

class CallerTest {

    @Test
    void givesTheTenantOfAUserToken() {
        // Given
        Caller caller = new Caller("alice", new TenantId("acme"), Set.of(Roles.USER, Roles.TENANT_ADMIN));
        // When
        TenantId tenant = caller.requireTenant();
        // Then
        assertEquals("acme", tenant.value());
        assertTrue(caller.isTenantAdmin());
    }

    @Test
    void refusesATenantOperationForAServiceToken() {
        // Given
        Caller service = new Caller("status-service", null, Set.of(Roles.SERVICE));
        // When / Then
        assertThrows(TenantRequiredException.class, service::requireTenant);
        assertFalse(service.isTenantAdmin());
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "has space", "semi;colon", "../../etc", "x12345678901234567890123456789012345678901234567890123456789012345" })
    void rejectsMalformedTenantIds(String value) {
        // When / Then
        assertFalse(TenantId.isValid(value));
        assertThrows(IllegalArgumentException.class, () -> new TenantId(value));
    }

    @Test
    void acceptsTheTenantIdAlphabet() {
        assertTrue(TenantId.isValid("Acme_Corp-2.eu"));
        assertTrue(TenantId.isValid("x".repeat(64)));
        assertNull(new Caller("op", null, Set.of(Roles.OPERATOR)).tenantId());
    }
}
