package com.crm.integrations.token.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import com.crm.integrations.token.config.TokenServiceConfig;
import com.crm.integrations.token.crypto.KeyRing;

import io.quarkus.runtime.LaunchMode;

/** Which key ring the vault seals under: the configured one, a per-run key in dev and test, never none in production. */
class TokenVaultTest {

    private static TokenServiceConfig.Encryption encryption(String keys, String active) {
        return new TokenServiceConfig.Encryption() {
            @Override
            public Optional<String> keys() {
                return Optional.ofNullable(keys);
            }

            @Override
            public Optional<String> activeKey() {
                return Optional.ofNullable(active);
            }

            @Override
            public int rotationBatchSize() {
                return 500;
            }

            @Override
            public java.time.Duration rotationInterval() {
                return java.time.Duration.ofSeconds(2);
            }

            @Override
            public java.time.Duration rotationLease() {
                return java.time.Duration.ofSeconds(30);
            }
        };
    }

    private static String key() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    @Test
    void refusesToStartInProductionWithoutAKey() {
        // When
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> TokenVault.keyRing(encryption(null, null), LaunchMode.NORMAL));

        // Then
        assertTrue(refused.getMessage().contains("INTEGRATIONS_TOKEN_ENCRYPTION_KEYS"), refused.getMessage());
    }

    @Test
    void generatesAKeyForTheRunInDevAndTest() {
        // When
        KeyRing dev = TokenVault.keyRing(encryption("", null), LaunchMode.DEVELOPMENT);
        KeyRing test = TokenVault.keyRing(encryption(null, null), LaunchMode.TEST);

        // Then
        assertTrue(dev.active().id().startsWith("ephemeral-"));
        assertTrue(test.active().id().startsWith("ephemeral-"));
    }

    @Test
    void usesTheConfiguredRingAndItsActiveKey() {
        // When
        KeyRing ring = TokenVault.keyRing(encryption("old:" + key() + ",new:" + key(), "new"), LaunchMode.NORMAL);

        // Then
        assertEquals("new", ring.active().id());
        assertTrue(ring.contains("old"));
    }
}
