package com.crm.integrations.sandbox.provider;

import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What a user consented to: a client's access to an account with some scopes. Revoking it (the user removes the app,
 * or a revoke request) stops every code, access token and refresh token issued from it.
 *
 * @param dc the Mailchimp data centre of the account; {@code null} elsewhere
 */
public final class Grant {

    private final String id;
    private final AuthorizationRequest request;
    private final String account;
    private final Set<String> scopes;
    private final String dc;
    private final AtomicBoolean revoked = new AtomicBoolean();

    public Grant(String id, AuthorizationRequest request, String account, Set<String> scopes, String dc) {
        this.id = Objects.requireNonNull(id);
        this.request = Objects.requireNonNull(request);
        this.account = Objects.requireNonNull(account);
        this.scopes = Scopes.copy(scopes);
        this.dc = dc;
    }

    public String id() {
        return id;
    }

    public Provider provider() {
        return request.provider();
    }

    public AuthorizationRequest request() {
        return request;
    }

    public String clientId() {
        return request.clientId();
    }

    public String account() {
        return account;
    }

    public Set<String> scopes() {
        return scopes;
    }

    public String dc() {
        return dc;
    }

    public boolean revoked() {
        return revoked.get();
    }

    /** @return whether this call revoked it (false: it already was) */
    public boolean revoke() {
        return revoked.compareAndSet(false, true);
    }

    @Override
    public String toString() {
        return "Grant[id=" + id + ", provider=" + provider() + ", account=" + account + ", scopes=" + scopes + "]";
    }
}
