package com.crm.integrations.token.service;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.inject.Singleton;

import com.crm.integrations.common.events.payload.ConnectionKind;
import com.crm.integrations.token.AccessToken;
import com.crm.integrations.token.Connection;
import com.crm.integrations.token.ProviderAccount;
import com.crm.integrations.token.Secret;
import com.crm.integrations.token.TokenGrant;
import com.crm.integrations.token.crypto.Sealed;
import com.crm.integrations.token.crypto.TokenField;
import com.crm.integrations.token.repository.ConnectionRepository;
import com.crm.integrations.token.repository.ResealCandidate;
import com.crm.integrations.token.repository.SealedTokens;
import com.crm.integrations.token.repository.StoredConnection;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * The sealed token store: a connection's tokens go into its row sealed (bound to the row's tenant,
 * provider, id and field), come out unsealed, and are re-sealed under a new key, here and nowhere else.
 */
@Singleton
public class TokenStore {

    private final ConnectionRepository connections;
    private final TokenVault vault;

    public TokenStore(ConnectionRepository connections, TokenVault vault) {
        this.connections = connections;
        this.vault = vault;
    }

    /** Inserts a new connection with the grant's tokens. */
    public Uni<Void> insert(SqlConnection tx, Connection connection, TokenGrant grant) {
        Sealed access = seal(connection, grant.accessToken(), accessField(connection));
        Optional<Sealed> refresh = grant.refreshToken().map(token -> seal(connection, token, TokenField.REFRESH));
        return connections.insert(tx, connection, new SealedTokens(Optional.of(access), refresh));
    }

    /**
     * Replaces a live connection's tokens with a new grant's (a reconnect, a refresh): a grant without a
     * refresh token keeps the stored one; the account, when given, replaces the stored one.
     */
    public Uni<Connection> replace(SqlConnection tx, Connection connection, TokenGrant grant, Optional<ProviderAccount> account,
            Instant now) {
        Sealed access = seal(connection, grant.accessToken(), accessField(connection));
        Optional<Sealed> refresh = grant.refreshToken().map(token -> seal(connection, token, TokenField.REFRESH));
        Optional<List<String>> scopes = grant.grantedScopes().isEmpty() ? Optional.empty() : Optional.of(grant.grantedScopes());
        return connections.replaceTokens(tx, connection.id(), access, refresh, grant.expiresIn().map(now::plus), scopes, account, now);
    }

    /** The stored access token (or API key) as handed to a sibling service: with its expiry and Mailchimp's API endpoint. */
    public AccessToken current(StoredConnection stored) {
        Connection connection = stored.connection();
        return new AccessToken(accessToken(stored), connection.accessExpiresAt(), connection.account().apiEndpoint());
    }

    /** The stored access token, or the API key of an API-key connection. */
    public Secret accessToken(StoredConnection stored) {
        Connection connection = stored.connection();
        return unseal(connection, stored.tokens().access().orElseThrow(), accessField(connection));
    }

    /** The stored refresh token, if there is one. */
    public Optional<Secret> refreshToken(StoredConnection stored) {
        return stored.tokens().refresh().map(sealed -> unseal(stored.connection(), sealed, TokenField.REFRESH));
    }

    /** A row's tokens sealed under the active key (a value already under it stays as it is), for a key rotation. */
    public SealedTokens reseal(ResealCandidate row) {
        TokenField accessField = accessField(row.kind());
        return new SealedTokens(
                row.tokens().access().map(sealed -> vault.reseal(sealed, row.tenantId(), row.provider(), row.id(), accessField)),
                row.tokens().refresh().map(sealed -> vault.reseal(sealed, row.tenantId(), row.provider(), row.id(), TokenField.REFRESH)));
    }

    private static TokenField accessField(Connection connection) {
        return accessField(connection.kind());
    }

    private static TokenField accessField(ConnectionKind kind) {
        return kind == ConnectionKind.API_KEY ? TokenField.API_KEY : TokenField.ACCESS;
    }

    private Sealed seal(Connection connection, Secret token, TokenField field) {
        return vault.seal(token, connection.tenantId(), connection.provider(), connection.id(), field);
    }

    private Secret unseal(Connection connection, Sealed sealed, TokenField field) {
        return vault.unseal(sealed, connection.tenantId(), connection.provider(), connection.id(), field);
    }
}
