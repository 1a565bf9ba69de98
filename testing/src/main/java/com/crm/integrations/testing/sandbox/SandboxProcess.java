package com.crm.integrations.testing.sandbox;

import com.crm.integrations.testing.support.AppProcess;
import com.crm.integrations.testing.support.ChildApp;
import com.crm.integrations.testing.support.FreePorts;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The sandbox app (stand-ins for the providers and the CRM's identity provider) as a child JVM started
 * from its packaged jar, {@code <repository root>/sandbox/target/quarkus-app/quarkus-run.jar}: a
 * Quarkus test JVM runs one app, so the sandbox cannot run inside it.
 *
 * <p>It listens on a free loopback port, gets its issuer as a system property and its client secrets in
 * its environment, logs to {@code <work area>/sandbox/test-*}/sandbox.log, and is SIGKILLed by a watchdog
 * as soon as the JVM that started it dies; the directories of dead owners are deleted at the next start
 * ({@link AppProcess}).
 */
public final class SandboxProcess extends ChildApp {

    /** System property: the sandbox jar to run instead of the repository's. */
    public static final String JAR_PROPERTY = "integrations.sandbox.jar";
    /** System property: the repository root (surefire sets it to the reactor root). */
    public static final String ROOT_PROPERTY = AppProcess.ROOT_PROPERTY;

    private static final String NAME = "sandbox";

    private SandboxProcess(AppProcess app) {
        super(app);
    }

    /** Starts the repository's sandbox (or the jar named by {@value #JAR_PROPERTY}). */
    public static SandboxProcess start(String clientSecret) {
        return start(locateJar(), clientSecret, Map.of());
    }

    /**
     * Starts the repository's sandbox with its provider stand-ins' apps registered: one client secret
     * for all of them and the redirect URIs they accept (none: the sandbox's own defaults, the local
     * run's callbacks; an empty list would be a missing value to its configuration).
     */
    public static SandboxProcess start(String clientSecret, String providersClientSecret, List<String> redirectUris) {
        Map<String, String> properties = redirectUris.isEmpty() ? Map.of()
                : Map.of("sandbox.providers.redirect-uris", String.join(",", redirectUris));
        return start(locateJar(), clientSecret, properties, providersClientSecret);
    }

    /**
     * Starts a sandbox jar on a free loopback port and waits until {@code /q/health/ready} answers 200.
     *
     * @param systemProperties more {@code -D} options for the sandbox
     */
    public static SandboxProcess start(Path jar, String clientSecret, Map<String, String> systemProperties) {
        return start(jar, clientSecret, systemProperties, null);
    }

    private static SandboxProcess start(Path jar, String clientSecret, Map<String, String> systemProperties,
            String providersClientSecret) {
        int port = FreePorts.next();
        AppProcess.Launch launch = AppProcess.launch(NAME, jar, port)
                .whenMissing("The sandbox jar " + jar + " does not exist: build the sandbox first"
                        + " (./mvnw -pl sandbox package), or set -D" + JAR_PROPERTY + " to another sandbox jar")
                .property("sandbox.identity.issuer", "http://" + FreePorts.LOOPBACK + ":" + port + "/idp")
                .secret("sandbox.identity.client-secret", clientSecret);
        systemProperties.forEach(launch::property);
        if (providersClientSecret != null) {
            launch.secret("sandbox.providers.client-secret", providersClientSecret);
        }
        return new SandboxProcess(launch.start());
    }

    /** The sandbox jar: {@value #JAR_PROPERTY} if set, else the repository's packaged sandbox. */
    public static Path locateJar() {
        return AppProcess.packagedJar(JAR_PROPERTY, "sandbox");
    }

    /** {@value #ROOT_PROPERTY} if set, else the nearest directory up from the working directory that has sandbox/pom.xml. */
    public static Path repositoryRoot() {
        return AppProcess.repositoryRoot();
    }

    /** {@code http://127.0.0.1:<port>}. */
    public String baseUrl() {
        return url();
    }

    /** The identity provider's issuer, {@code <base url>/idp}. */
    public String issuer() {
        return baseUrl() + "/idp";
    }
}
