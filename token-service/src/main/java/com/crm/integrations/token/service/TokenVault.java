package com.crm.integrations.token.service;

import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import com.crm.integrations.token.Secret;
import com.crm.integrations.token.config.TokenServiceConfig;
import com.crm.integrations.token.crypto.KeyRing;
import com.crm.integrations.token.crypto.SealContext;
import com.crm.integrations.token.crypto.Sealed;
import com.crm.integrations.token.crypto.TokenField;
import com.crm.integrations.token.crypto.TokenSealer;

import io.quarkus.runtime.LaunchMode;

/**
 * Seals and unseals connection tokens under the configured key ring; every ciphertext is bound to
 * its tenant, provider, connection and field. Outside dev and test a ring must be configured: the
 * service refuses to start without one rather than seal under a key nobody kept.
 */
@Singleton
public class TokenVault {

    private static final Logger LOG = Logger.getLogger(TokenVault.class);

    private final TokenSealer sealer;

    @Inject
    public TokenVault(TokenServiceConfig config) {
        this(new TokenSealer(keyRing(config.encryption(), LaunchMode.current())));
    }

    TokenVault(TokenSealer sealer) {
        this.sealer = sealer;
    }

    public Sealed seal(Secret plaintext, String tenantId, String provider, UUID connectionId, TokenField field) {
        return sealer.seal(plaintext.reveal(), new SealContext(tenantId, provider, connectionId, field));
    }

    public Secret unseal(Sealed sealed, String tenantId, String provider, UUID connectionId, TokenField field) {
        return new Secret(sealer.unseal(sealed, new SealContext(tenantId, provider, connectionId, field)));
    }

    /** The value sealed under the active key (itself when it already is). */
    public Sealed reseal(Sealed sealed, String tenantId, String provider, UUID connectionId, TokenField field) {
        return sealer.reseal(sealed, new SealContext(tenantId, provider, connectionId, field));
    }

    public KeyRing keyRing() {
        return sealer.keyRing();
    }

    static KeyRing keyRing(TokenServiceConfig.Encryption config, LaunchMode mode) {
        if (config.keys().filter(keys -> !keys.isBlank()).isPresent()) {
            return KeyRing.parse(config.keys().get(), config.activeKey().filter(id -> !id.isBlank()).orElse(null));
        }
        if (mode.isDevOrTest()) {
            LOG.warn("No encryption key configured (integrations.token.encryption.keys): sealing with a key generated for this "
                    + "run only; tokens stored now cannot be read after a restart");
            return KeyRing.generate("ephemeral-" + UUID.randomUUID().toString().substring(0, 8));
        }
        throw new IllegalStateException("No encryption key configured: set INTEGRATIONS_TOKEN_ENCRYPTION_KEYS to "
                + "<key id>:<base64 of 32 random bytes> (docs/configuration.md). The token service does not start without one.");
    }
}
