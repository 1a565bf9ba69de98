package com.crm.integrations.token.cluster;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * One key ring for the test's app and the {@link SecondInstance}: generated once per test JVM (a key
 * generated at each start, the dev and test default, would leave each replica unable to read the
 * other's tokens).
 */
public class SharedKeyRingProfile implements QuarkusTestProfile {

    static final String KEYS = "it-1:" + Base64.getEncoder().encodeToString(randomKey());

    private static byte[] randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return key;
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("integrations.token.encryption.keys", KEYS);
    }
}
