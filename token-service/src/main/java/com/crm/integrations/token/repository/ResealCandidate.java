package com.crm.integrations.token.repository;

import java.util.UUID;

import com.crm.integrations.common.events.payload.ConnectionKind;

/** A connection row a key rotation still has to re-seal: its tokens and what binds them (the associated data). */
public record ResealCandidate(UUID id, String tenantId, String provider, ConnectionKind kind, SealedTokens tokens) {
}
