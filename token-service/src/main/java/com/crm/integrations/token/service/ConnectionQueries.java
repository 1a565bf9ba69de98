package com.crm.integrations.token.service;

import java.util.List;
import java.util.UUID;

import jakarta.inject.Singleton;

import com.crm.integrations.common.security.Caller;
import com.crm.integrations.token.Connection;
import com.crm.integrations.token.repository.ConnectionRepository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Reads the connections a caller may see ({@link ConnectionAccess}); a sibling service (role {@code service},
 * checked by the {@code /internal/*} path rule) may see any, by id.
 */
@Singleton
public class ConnectionQueries {

    private final Pool pool;
    private final ConnectionRepository connections;

    public ConnectionQueries(Pool pool, ConnectionRepository connections) {
        this.pool = pool;
        this.connections = connections;
    }

    /** The connections the caller can see: a tenant admin all of the tenant's, a user their own and the tenant's. */
    public Uni<List<Connection>> list(Caller caller, boolean includeRevoked) {
        return connections.listForTenant(pool, caller.requireTenant().value(), ConnectionAccess.listedOwner(caller), includeRevoked);
    }

    /** @throws ConnectionNotFoundException when the caller cannot see it (another tenant's, another user's) */
    public Uni<Connection> get(Caller caller, UUID id) {
        return connections.findForTenant(pool, caller.requireTenant().value(), id)
                .map(found -> found.filter(connection -> ConnectionAccess.canSee(caller, connection))
                        .orElseThrow(() -> new ConnectionNotFoundException(id)));
    }

    /**
     * Any tenant's connection, for a sibling service that holds its id and checks the tenant itself.
     *
     * @throws ConnectionNotFoundException when there is none
     */
    public Uni<Connection> getForService(UUID id) {
        return connections.find(pool, id).map(found -> found.orElseThrow(() -> new ConnectionNotFoundException(id)));
    }
}
