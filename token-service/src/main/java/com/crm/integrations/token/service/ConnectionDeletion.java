package com.crm.integrations.token.service;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import com.crm.integrations.common.events.payload.ConnectionChange;
import com.crm.integrations.common.events.payload.ConnectionStatus;
import com.crm.integrations.common.security.Caller;
import com.crm.integrations.token.Connection;
import com.crm.integrations.token.Revocation;
import com.crm.integrations.token.repository.ConnectionRepository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Disconnects: revokes at the provider where it can, then destroys the stored tokens and marks the
 * connection revoked; the local part happens whatever the provider said.
 */
@Singleton
public class ConnectionDeletion {

    private static final Logger LOG = Logger.getLogger(ConnectionDeletion.class);

    /** What a delete did, step by step. */
    public record Deletion(Connection connection, Revocation providerRevocation) {
    }

    private final Pool pool;
    private final ConnectionRepository connections;
    private final TenantPolicies policies;
    private final GrantRevoker revoker;
    private final ConnectionEvents events;
    private final Clock clock = Clock.systemUTC();

    public ConnectionDeletion(Pool pool, ConnectionRepository connections, TenantPolicies policies, GrantRevoker revoker,
            ConnectionEvents events) {
        this.pool = pool;
        this.connections = connections;
        this.policies = policies;
        this.revoker = revoker;
        this.events = events;
    }

    /**
     * @throws ConnectionNotFoundException when the caller cannot see it
     * @throws com.crm.integrations.common.problem.OperationForbiddenException when the policy reserves it to tenant admins
     */
    public Uni<Deletion> delete(Caller caller, UUID id) {
        return connections.findStoredForTenant(pool, caller.requireTenant().value(), id)
                .map(found -> found.filter(stored -> ConnectionAccess.canSee(caller, stored.connection()))
                        .orElseThrow(() -> new ConnectionNotFoundException(id)))
                .call(stored -> policies.requireManageable(caller, stored.connection()))
                .chain(stored -> stored.connection().isLive()
                        ? revoker.revoke(stored).chain(revocation -> revokeLocally(id, revocation))
                        : Uni.createFrom().item(new Deletion(stored.connection(), Revocation.ALREADY_INVALID)));
    }

    private Uni<Deletion> revokeLocally(UUID id, Revocation revocation) {
        return pool.withTransaction(tx -> connections.findStored(tx, id, true).chain(locked -> {
            Connection current = locked.orElseThrow(() -> new ConnectionNotFoundException(id)).connection();
            if (!current.isLive()) {
                return Uni.createFrom().item(new Deletion(current, revocation));
            }
            Instant now = clock.instant();
            return connections.revoke(tx, id, now)
                    .call(() -> events.changed(tx, current, ConnectionChange.REVOKED, ConnectionStatus.REVOKED, current.status(), now))
                    .map(revoked -> new Deletion(revoked, revocation));
        })).invoke(deletion -> LOG.infof("Connection revoked: tenant=%s connection=%s provider=%s at-provider=%s",
                deletion.connection().tenantId(), id, deletion.connection().provider(), deletion.providerRevocation()));
    }
}
