package com.crm.integrations.sandbox.provider.service;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import com.crm.integrations.sandbox.control.SandboxReset;
import com.crm.integrations.sandbox.provider.AccessToken;
import com.crm.integrations.sandbox.provider.AuthorizationCode;
import com.crm.integrations.sandbox.provider.Grant;
import com.crm.integrations.sandbox.provider.PendingConsent;
import com.crm.integrations.sandbox.provider.Provider;
import com.crm.integrations.sandbox.provider.RefreshToken;
import com.crm.integrations.sandbox.provider.Scopes;
import com.crm.integrations.sandbox.provider.TokenFault;

/**
 * The OAuth stand-ins' memory: consent pages, codes, grants, tokens, who consented to what, and switched-on token
 * errors. Concurrent maps and atomics only: safe from any thread, never blocks. Lookups are per provider, so a token
 * of one stand-in is unknown at another.
 */
@Singleton
public class ProviderState {

    private static final Logger LOG = Logger.getLogger(ProviderState.class);

    private final Map<String, PendingConsent> consents = new ConcurrentHashMap<>();
    private final Map<Key, AuthorizationCode> codes = new ConcurrentHashMap<>();
    private final Map<String, Grant> grants = new ConcurrentHashMap<>();
    private final Map<Key, AccessToken> accessTokens = new ConcurrentHashMap<>();
    private final Map<Key, RefreshToken> refreshTokens = new ConcurrentHashMap<>();
    /** Provider, client and account of every consent given and not revoked since (Google shows consent only once). */
    private final Set<Key> consented = ConcurrentHashMap.newKeySet();
    /** Scopes granted so far per provider, client and account (Google's include_granted_scopes). */
    private final Map<Key, Set<String>> grantedScopes = new ConcurrentHashMap<>();
    private final Map<Key, TokenFault.Active> tokenFaults = new ConcurrentHashMap<>();
    private final AtomicLong sequence = new AtomicLong();

    /** A value scoped to one provider. */
    private record Key(Provider provider, String value) {
    }

    public void addConsent(PendingConsent consent) {
        consents.put(consent.id(), consent);
    }

    public Optional<PendingConsent> consent(String id) {
        return Optional.ofNullable(consents.get(id));
    }

    public void removeConsent(String id) {
        consents.remove(id);
    }

    public void addCode(AuthorizationCode code) {
        codes.put(new Key(code.grant().provider(), code.value()), code);
    }

    /** Used codes stay, so that a second redemption is told apart from a code never issued. */
    public Optional<AuthorizationCode> code(Provider provider, String value) {
        return Optional.ofNullable(codes.get(new Key(provider, value)));
    }

    public void addGrant(Grant grant) {
        grants.put(grant.id(), grant);
    }

    public void addAccessToken(AccessToken token) {
        accessTokens.put(new Key(token.grant().provider(), token.value()), token);
    }

    public Optional<AccessToken> accessToken(Provider provider, String value) {
        return Optional.ofNullable(accessTokens.get(new Key(provider, value)));
    }

    public RefreshToken addRefreshToken(String value, Grant grant) {
        return addRefreshToken(value, grant, sequence.incrementAndGet());
    }

    /** @param sequence its place in issue order, from {@link #reserveSequence} */
    public RefreshToken addRefreshToken(String value, Grant grant, long sequence) {
        RefreshToken token = new RefreshToken(sequence, value, grant);
        refreshTokens.put(new Key(grant.provider(), value), token);
        return token;
    }

    /**
     * Reserves {@code count} consecutive places in issue order, for refresh tokens minted in parallel that must still
     * list in a known order.
     *
     * @return the first
     */
    public long reserveSequence(int count) {
        return sequence.getAndAdd(count) + 1;
    }

    public Optional<RefreshToken> refreshToken(Provider provider, String value) {
        return Optional.ofNullable(refreshTokens.get(new Key(provider, value)));
    }

    /** Every refresh token the provider issued, oldest first. */
    public List<RefreshToken> refreshTokens(Provider provider) {
        List<RefreshToken> tokens = new ArrayList<>();
        refreshTokens.forEach((key, token) -> {
            if (key.provider() == provider) {
                tokens.add(token);
            }
        });
        tokens.sort(Comparator.comparingLong(RefreshToken::sequence));
        return tokens;
    }

    /**
     * Records a consent and returns whether the client already held one for this account (so that Google does not
     * show its consent screen again).
     */
    public boolean recordConsent(Provider provider, String clientId, String account) {
        return !consented.add(new Key(provider, clientId + '\n' + account));
    }

    /** Adds {@code scopes} to those granted so far to the client for the account; returns them all, the newest first. */
    public Set<String> accumulateScopes(Provider provider, String clientId, String account, Set<String> scopes) {
        return grantedScopes.compute(new Key(provider, clientId + '\n' + account), (key, earlier) -> {
            Set<String> all = new LinkedHashSet<>(scopes);
            if (earlier != null) {
                all.addAll(earlier);
            }
            return Scopes.copy(all);
        });
    }

    /** The user removes the app: every grant of the account at the provider is revoked, and its consent forgotten. */
    public int revokeAccount(Provider provider, String account) {
        int revoked = 0;
        for (Grant grant : grants.values()) {
            if (grant.provider() == provider && grant.account().equals(account) && grant.revoke()) {
                revoked++;
            }
        }
        forgetConsent(provider, account);
        LOG.infof("Revoked the app's access: provider=%s account=%s grants=%d", provider.prefix(), account, revoked);
        return revoked;
    }

    /** Google: revoking a token revokes the grant and the consent that produced it. */
    public void revokeGrant(Grant grant) {
        grant.revoke();
        forgetConsent(grant.provider(), grant.account());
    }

    private void forgetConsent(Provider provider, String account) {
        consented.removeIf(key -> key.provider() == provider && key.value().endsWith('\n' + account));
        grantedScopes.keySet().removeIf(key -> key.provider() == provider && key.value().endsWith('\n' + account));
    }

    public void switchOnTokenFault(Provider provider, String account, TokenFault fault) {
        tokenFaults.put(new Key(provider, account), new TokenFault.Active(fault));
        LOG.infof("Token error switched on: provider=%s account=%s %s", provider.prefix(), account, fault);
    }

    /** @return whether one was in force */
    public boolean switchOffTokenFault(Provider provider, String account) {
        return tokenFaults.remove(new Key(provider, account)) != null;
    }

    /** Takes one use of the account's switched-on token error, if one is in force with uses left. */
    public Optional<TokenFault> takeTokenFault(Provider provider, String account) {
        Key key = new Key(provider, account);
        TokenFault.Active active = tokenFaults.get(key);
        if (active == null) {
            return Optional.empty();
        }
        if (active.tryUse()) {
            return Optional.of(active.fault());
        }
        tokenFaults.remove(key, active);
        return Optional.empty();
    }

    void reset(@Observes SandboxReset reset) {
        consents.clear();
        codes.clear();
        grants.clear();
        accessTokens.clear();
        refreshTokens.clear();
        consented.clear();
        grantedScopes.clear();
        tokenFaults.clear();
        LOG.info("Reset: provider grants, tokens, consents and token errors cleared");
    }
}
