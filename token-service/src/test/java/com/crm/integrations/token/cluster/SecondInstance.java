package com.crm.integrations.token.cluster;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

import com.crm.integrations.testing.services.TokenServiceProcess;
import com.crm.integrations.testing.support.FreePorts;

/**
 * Another token-service replica beside the test's app: the jar {@code package} just built, as a child
 * JVM on its own port ({@link TokenServiceProcess}), configured like the test's app (its
 * {@code integrations.*} and Kafka settings: the same database schema, broker, identity provider, provider
 * stand-ins and key ring). Secrets travel in its environment. Killed with the test JVM if that dies first.
 */
public final class SecondInstance implements AutoCloseable {

    /** What it has always run with: full JIT, as it shares a 1,000-connection refresh run with the test's app. */
    private static final List<String> JVM_OPTIONS = List.of("-Xmx256m", "-XX:+UseSerialGC");

    private final TokenServiceProcess process;

    private SecondInstance(TokenServiceProcess process) {
        this.process = process;
    }

    /** Starts it with the test app's configuration plus {@code overrides}, and waits until it is ready. */
    public static SecondInstance start(Map<String, String> overrides) {
        Config config = ConfigProvider.getConfig();
        Map<String, String> properties = new TreeMap<>();
        for (String name : config.getPropertyNames()) {
            if (name.startsWith("%") || !(name.startsWith("integrations.") || name.startsWith("kafka."))) {
                continue;
            }
            String value;
            try {
                value = config.getOptionalValue(name, String.class).orElse(null);
            } catch (RuntimeException unresolvable) {
                continue;
            }
            if (value != null) {
                properties.put(name, value);
            }
        }
        properties.putAll(overrides);
        return new SecondInstance(TokenServiceProcess.start(FreePorts.next(), properties, JVM_OPTIONS));
    }

    public URI url() {
        return URI.create(process.url());
    }

    @Override
    public void close() {
        process.close();
    }
}
