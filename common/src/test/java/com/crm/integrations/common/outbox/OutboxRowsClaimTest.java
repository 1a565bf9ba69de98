package com.crm.integrations.common.outbox;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import com.crm.integrations.common.outbox.OutboxRows.Claim;

/** What a round's claim says about the work it left: the rule behind issue 10's lost wake-up. */
class OutboxRowsClaimTest {

    @Test
    void tenantsLeftWhenTheRoundTookAsManyAsItMayAndMoreWait() {
        // Given: 25 tenants pending, 10 per round, all 10 taken
        Claim claim = new Claim(new String[10], 25, 10);
        // When / Then
        assertTrue(claim.leftTenants());
        assertFalse(claim.contended());
    }

    @Test
    void nothingLeftWhenEveryPendingTenantWasTaken() {
        // Given
        Claim claim = new Claim(new String[10], 10, 10);
        // When / Then
        assertFalse(claim.leftTenants());
        assertFalse(claim.contended());
    }

    @Test
    void contendedWhenAnotherRelayHoldsTenantsThisOneCouldHaveTaken() {
        // Given: 25 pending, 10 allowed, only 4 locks obtained
        Claim claim = new Claim(new String[4], 25, 10);
        // When / Then
        assertTrue(claim.contended());
        assertFalse(claim.leftTenants(), "the pause, not an immediate round, waits for the other relay");
    }

    @Test
    void anEmptyOutboxIsNeitherContendedNorLeavesWork() {
        // Given
        Claim claim = new Claim(new String[0], 0, 10);
        // When / Then
        assertFalse(claim.contended());
        assertFalse(claim.leftTenants());
    }
}
