package com.crm.integrations.token;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * A key rotation run: re-seal every stored token under {@code targetKeyId}.
 *
 * @param resealedRows rows re-sealed so far, by any replica's worker
 */
public record KeyRotation(UUID id, String targetKeyId, String requestedBy, Instant startedAt, Optional<Instant> finishedAt,
        long resealedRows, KeyRotationStatus status, Optional<String> error) {
}
