package com.crm.integrations.token.cli;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code refresh-tokens} was asked to do: its flags, with the environment filling in what they leave
 * out. Secrets come from the environment only, never from a flag (a command line is visible to every
 * user of the machine in {@code ps}). Validated on construction.
 *
 * @param serviceUrl  token-service's base URL
 * @param identityUrl the identity provider's base URL: client-credentials tokens from {@code <url>/idp/token},
 *                    sandbox dev tokens from {@code <url>/idp/dev-tokens}
 * @param tokenUrl    the token endpoint, when it is not {@code <identityUrl>/idp/token}
 * @param devToken    mint an operator token at the sandbox's dev-token endpoint instead of client credentials
 * @param client      the operator client's credentials, from the environment; empty with {@code devToken}
 * @param window      the run's window (ISO-8601), passed on as given; empty: the scheduled cycle's
 * @param includeMisconfigured the run also takes the scope's misconfigured connections (after the provider's app was fixed)
 * @param maxWait     how long to follow a run before giving up on it (it goes on on the server)
 */
public record CliArguments(URI serviceUrl, URI identityUrl, Optional<URI> tokenUrl, boolean devToken, Optional<ClientCredentials> client,
        Optional<String> window, Optional<String> provider, Optional<String> tenant, boolean includeMisconfigured, Progress progress,
        Duration maxWait) {

    public static final String SERVICE_URL_ENV = "INTEGRATIONS_TOKEN_SERVICE_URL";
    public static final String IDENTITY_URL_ENV = "INTEGRATIONS_IDENTITY_URL";
    public static final String TOKEN_URL_ENV = "INTEGRATIONS_OPERATOR_TOKEN_URL";
    public static final String CLIENT_ID_ENV = "INTEGRATIONS_OPERATOR_CLIENT_ID";
    public static final String CLIENT_SECRET_ENV = "INTEGRATIONS_OPERATOR_CLIENT_SECRET";
    public static final String SCOPE_ENV = "INTEGRATIONS_OPERATOR_SCOPE";
    static final String DEFAULT_SERVICE_URL = "http://localhost:8081";
    static final String DEFAULT_IDENTITY_URL = "http://127.0.0.1:8090";
    static final Duration DEFAULT_MAX_WAIT = Duration.ofHours(2);

    public static final String USAGE = """
            Usage: refresh-tokens [--window PT24H] [--provider NAME] [--tenant ID] [--include-misconfigured] [options]
            Starts a token refresh run on token-service, shows its progress on stderr and prints its report.

              --window DURATION    refresh every token expiring within it (ISO-8601, PT1S..P7D); default: the
                                   scheduled cycle's margin, within a quarter of each token's lifetime
              --provider NAME      only this provider's connections
              --tenant ID          only this tenant's connections
              --include-misconfigured
                                   also refresh the misconfigured connections of the scope, each once, whatever its
                                   retry time: after the provider's app was fixed (refreshed ones become active)
              --url URL            token-service ($INTEGRATIONS_TOKEN_SERVICE_URL, default http://localhost:8081)
              --identity-url URL   the identity provider ($INTEGRATIONS_IDENTITY_URL, default http://127.0.0.1:8090)
              --token-url URL      its token endpoint ($INTEGRATIONS_OPERATOR_TOKEN_URL, default <identity-url>/idp/token)
              --dev-token          an operator token from the sandbox's /idp/dev-tokens (local runs and tests only)
              --progress MODE      tty (one line, redrawn), lines (a line when the counts change; default), off
              --max-wait DURATION  stop following the run after this (ISO-8601, default PT2H); it goes on on the server

            Without --dev-token the operator token comes from OAuth client credentials: $INTEGRATIONS_OPERATOR_CLIENT_ID
            and $INTEGRATIONS_OPERATOR_CLIENT_SECRET (environment only), optionally $INTEGRATIONS_OPERATOR_SCOPE.

            Exit codes: 0 completed; 1 the run failed, or could not be started or followed; 2 bad arguments;
            3 completed, and a connection is misconfigured (an operator must act); 4 a run of the same scope is running.
            """;

    /** How progress is shown on stderr while the run goes. */
    public enum Progress {
        /** One line, redrawn in place about every second: a terminal. */
        TTY,
        /** A new line whenever the counts change: logs. */
        LINES,
        OFF
    }

    /** The operator client's credentials. {@code toString} never shows the secret. */
    public record ClientCredentials(String clientId, String clientSecret, Optional<String> scope) {
        public ClientCredentials {
            if (clientId.isBlank() || clientSecret.isBlank()) {
                throw new UsageException("the operator client's id and secret must not be blank");
            }
        }

        @Override
        public String toString() {
            return "ClientCredentials[clientId=" + clientId + ", clientSecret=***]";
        }
    }

    /** The arguments are wrong: the message says how, and the command exits 2 with the usage. */
    public static final class UsageException extends RuntimeException {
        public UsageException(String message) {
            super(message);
        }
    }

    public CliArguments {
        window.ifPresent(CliArguments::checkDuration);
        if (devToken && client.isPresent()) {
            throw new UsageException("--dev-token and " + CLIENT_ID_ENV + " exclude each other: unset one");
        }
        if (!devToken && client.isEmpty()) {
            throw new UsageException("no operator credentials: set " + CLIENT_ID_ENV + " and " + CLIENT_SECRET_ENV
                    + " in the environment, or pass --dev-token against the sandbox");
        }
        if (maxWait.isNegative() || maxWait.isZero()) {
            throw new UsageException("--max-wait must be positive");
        }
    }

    /** The token endpoint client credentials go to. */
    public URI clientCredentialsUrl() {
        return tokenUrl.orElseGet(() -> identityUrl.resolve(path(identityUrl) + "/idp/token"));
    }

    /** The sandbox's dev-token endpoint. */
    public URI devTokenUrl() {
        return identityUrl.resolve(path(identityUrl) + "/idp/dev-tokens");
    }

    /**
     * Reads the flags, then the environment for what they leave out.
     *
     * @throws UsageException for an unknown flag, a missing or malformed value, or missing credentials
     */
    public static CliArguments parse(String[] args, Map<String, String> env) {
        Map<String, String> values = new HashMap<>();
        boolean devToken = false;
        boolean includeMisconfigured = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String name = arg;
            String value = null;
            int equals = arg.indexOf('=');
            if (arg.startsWith("--") && equals > 0) {
                name = arg.substring(0, equals);
                value = arg.substring(equals + 1);
            }
            switch (name) {
                case "--dev-token" -> devToken = true;
                case "--include-misconfigured" -> {
                    if (value != null) {
                        throw new UsageException(name + " takes no value");
                    }
                    includeMisconfigured = true;
                }
                case "--window", "--provider", "--tenant", "--url", "--identity-url", "--token-url", "--progress", "--max-wait" -> {
                    if (value == null) {
                        if (i + 1 >= args.length) {
                            throw new UsageException(name + " needs a value");
                        }
                        value = args[++i];
                    }
                    values.put(name, value);
                }
                case "--client-secret", "--client-id" -> throw new UsageException(name + ": the operator client's credentials come from the"
                        + " environment only (" + CLIENT_ID_ENV + ", " + CLIENT_SECRET_ENV + ")");
                default -> throw new UsageException("unknown argument: " + arg);
            }
        }
        Optional<ClientCredentials> client = Optional.ofNullable(blankToNull(env.get(CLIENT_ID_ENV)))
                .map(id -> new ClientCredentials(id, Optional.ofNullable(blankToNull(env.get(CLIENT_SECRET_ENV)))
                        .orElseThrow(() -> new UsageException(CLIENT_ID_ENV + " is set but " + CLIENT_SECRET_ENV + " is not")),
                        Optional.ofNullable(blankToNull(env.get(SCOPE_ENV)))));
        return new CliArguments(url(values.getOrDefault("--url", env.getOrDefault(SERVICE_URL_ENV, DEFAULT_SERVICE_URL)), "--url"),
                url(values.getOrDefault("--identity-url", env.getOrDefault(IDENTITY_URL_ENV, DEFAULT_IDENTITY_URL)), "--identity-url"),
                Optional.ofNullable(values.getOrDefault("--token-url", blankToNull(env.get(TOKEN_URL_ENV)))).map(u -> url(u, "--token-url")),
                devToken, client, optional(values, "--window"), optional(values, "--provider"), optional(values, "--tenant"),
                includeMisconfigured,
                progress(values.getOrDefault("--progress", "lines")),
                Optional.ofNullable(values.get("--max-wait")).map(CliArguments::checkDuration).orElse(DEFAULT_MAX_WAIT));
    }

    private static Optional<String> optional(Map<String, String> values, String name) {
        return Optional.ofNullable(blankToNull(values.get(name)));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static Duration checkDuration(String value) {
        try {
            return Duration.parse(value);
        } catch (DateTimeParseException e) {
            throw new UsageException("'" + value + "' is not an ISO-8601 duration such as PT24H or PT30M");
        }
    }

    private static Progress progress(String value) {
        return switch (value) {
            case "tty" -> Progress.TTY;
            case "lines" -> Progress.LINES;
            case "off" -> Progress.OFF;
            default -> throw new UsageException("--progress must be tty, lines or off");
        };
    }

    private static URI url(String value, String flag) {
        try {
            URI uri = new URI(value.endsWith("/") ? value.substring(0, value.length() - 1) : value);
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new UsageException(flag + ": not an http(s) URL: " + value);
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new UsageException(flag + ": not a URL: " + value);
        }
    }

    private static String path(URI base) {
        return base.getPath() == null ? "" : base.getPath();
    }
}
