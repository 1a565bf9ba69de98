package com.crm.integrations.token.cli;

import java.io.PrintStream;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * {@code refresh-tokens}: starts a refresh run on token-service (trigger {@code cli}), shows its progress on
 * stderr about every second, prints its report on stdout when it ends, and exits with {@link ExitStatus}. A plain
 * {@code main} with no CDI, so that the same class runs from {@code ./run refresh-tokens}, from the token-service
 * image ({@code java -cp '<app>/app/*:<app>/lib/main/*' com.crm.integrations.token.cli.RefreshTokens}) and in a
 * Kubernetes CronJob. Usage: {@link CliArguments#USAGE}; docs/token-refresh.md.
 */
public final class RefreshTokens {

    static final Duration POLL = Duration.ofSeconds(1);
    /** How long token-service may be unreachable while a run is followed before the command gives up on it. */
    static final Duration PATIENCE = Duration.ofSeconds(30);

    private final RefreshRunsClient api;
    private final CliArguments args;
    private final PrintStream out;
    private final PrintStream err;
    private final Clock clock;
    private volatile String following;

    RefreshTokens(RefreshRunsClient api, CliArguments args, PrintStream out, PrintStream err, Clock clock) {
        this.api = api;
        this.args = args;
        this.out = out;
        this.err = err;
        this.clock = clock;
    }

    public static void main(String[] argv) {
        System.exit(run(argv, System.getenv(), System.out, System.err));
    }

    /** Runs the command; returns its exit code. */
    static int run(String[] argv, Map<String, String> env, PrintStream out, PrintStream err) {
        if (Arrays.asList(argv).contains("--help") || Arrays.asList(argv).contains("-h")) {
            out.print(CliArguments.USAGE);
            return ExitStatus.COMPLETED.code();
        }
        CliArguments args;
        try {
            args = CliArguments.parse(argv, env);
        } catch (CliArguments.UsageException e) {
            err.println("refresh-tokens: " + e.getMessage() + " (--help for usage)");
            return ExitStatus.USAGE.code();
        }
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).followRedirects(HttpClient.Redirect.NEVER).build();
        ObjectMapper json = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
        Clock clock = Clock.systemUTC();
        OperatorTokens tokens = new OperatorTokens(http, json, args, env, clock);
        RefreshTokens command = new RefreshTokens(new RefreshRunsClient(http, json, args.serviceUrl(), tokens), args, out, err, clock);
        Thread hook = new Thread(command::leftRunning, "refresh-tokens-interrupted");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return command.execute().code();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs (or ran) anyway
            }
        }
    }

    /** Starts the run, follows it to its end, prints the report. */
    ExitStatus execute() {
        try {
            Instant started = clock.instant();
            RunSnapshot run = api.start(args);
            following = run.id();
            run = follow(run, started);
            following = null;
            out.print(ReportTable.render(run));
            out.flush();
            ExitStatus status = ExitStatus.of(run);
            if (status == ExitStatus.MISCONFIGURED) {
                err.println("refresh-tokens: " + run.count(RunSnapshot.MISCONFIGURED)
                        + " connection(s) misconfigured: an operator must fix the provider's app (docs/token-refresh.md)");
            } else if (status == ExitStatus.FAILED) {
                err.println("refresh-tokens: refresh run " + run.id() + " failed" + (run.error() == null ? "" : ": " + run.error()));
            }
            return status;
        } catch (CommandFailure failure) {
            err.println("refresh-tokens: " + failure.getMessage());
            return failure.status();
        }
    }

    /** Polls the run about every second until it is no longer running, showing progress on stderr. */
    private RunSnapshot follow(RunSnapshot run, Instant started) {
        String shown = null;
        Instant lastAnswer = clock.instant();
        RunSnapshot current = run;
        while (current.running()) {
            Duration elapsed = Duration.between(started, clock.instant());
            shown = show(current, elapsed, shown);
            if (elapsed.compareTo(args.maxWait()) > 0) {
                clearProgress(shown);
                throw new CommandFailure(ExitStatus.FAILED, "refresh run " + current.id() + " still running after " + args.maxWait()
                        + "; it goes on on the server: GET " + RefreshRunsClient.PATH + "/" + current.id());
            }
            sleep(POLL);
            try {
                current = api.get(current.id());
                lastAnswer = clock.instant();
            } catch (CommandFailure failure) {
                if (failure.status() != ExitStatus.FAILED || Duration.between(lastAnswer, clock.instant()).compareTo(PATIENCE) > 0) {
                    clearProgress(shown);
                    throw new CommandFailure(failure.status(), failure.getMessage() + "; refresh run " + current.id()
                            + " goes on on the server: GET " + RefreshRunsClient.PATH + "/" + current.id());
                }
            }
        }
        clearProgress(shown);
        return current;
    }

    /** Shows the progress line (tty: redrawn in place; lines: when the counts changed); returns what the line showed. */
    private String show(RunSnapshot run, Duration elapsed, String shown) {
        String counts = ProgressLine.counts(run);
        switch (args.progress()) {
            case TTY -> err.print("\r" + ProgressLine.of(run, elapsed) + "\033[K");
            case LINES -> {
                if (!counts.equals(shown)) {
                    err.println(ProgressLine.of(run, elapsed));
                }
            }
            case OFF -> {
            }
        }
        err.flush();
        return counts;
    }

    private void clearProgress(String shown) {
        if (args.progress() == CliArguments.Progress.TTY && shown != null) {
            err.print("\r\033[K");
            err.flush();
        }
    }

    /** At Ctrl-C or SIGTERM while a run is followed: say that it goes on, and where to see it. */
    private void leftRunning() {
        String id = following;
        if (id != null) {
            err.println();
            err.println("refresh-tokens: stopped following refresh run " + id + "; it goes on on the server: GET "
                    + RefreshRunsClient.PATH + "/" + id);
            err.flush();
        }
    }

    private static void sleep(Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommandFailure(ExitStatus.FAILED, "interrupted");
        }
    }
}
