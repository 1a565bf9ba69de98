package com.crm.integrations.calendar.bench;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.vertx.mutiny.sqlclient.Pool;

/**
 * What PostgreSQL itself spent on calendar-service's statements during a run: the test cluster logs every
 * statement with its duration ({@code log_min_duration_statement = 0}, switched on with {@code ALTER SYSTEM}
 * for a diagnostic round only, since logging costs time), and the log's lines between two instants are
 * summed by kind of statement (parse, bind and execute of the extended protocol together). Server time only:
 * the round trips, the driver and Hibernate's work around them are the rest of the run's time. The benchmark's
 * own polling query is left out; the relay's and the consumer's statements are counted under their kind.
 */
final class StatementLog {

    private static final Duration WAIT = Duration.ofSeconds(30);
    /** Statements of the relays (both apps') and of token-service: not the sync's, counted apart. */
    static final String BACKGROUND = "background: ";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS z", Locale.ROOT);
    private static final Pattern LINE = Pattern.compile(
            "^(\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3} \\S+) \\[(\\d+)\\] LOG:  duration: ([\\d.]+) ms  (parse|bind|execute|statement)[^:]*: (.*)$");

    /** One kind of statement: how many executions and their server time. */
    record Kind(String name, int executions, double millis) {
    }

    /** A run's statements by kind, the server time in all, and how many backends ran them. */
    record Summary(List<Kind> kinds, double millis, int backends) {

        String describe(int pages) {
            double background = kinds.stream().filter(kind -> kind.name().startsWith(BACKGROUND)).mapToDouble(Kind::millis).sum();
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "PostgreSQL's own time on the sync's statements %.0f ms "
                    + "(%.1f ms per page; %.0f ms more on background ones) over %d backend(s):", millis - background,
                    (millis - background) / Math.max(1, pages), background, backends));
            for (Kind kind : kinds) {
                if (kind.millis() >= 0.5 || kind.executions() >= 10) {
                    line.append(String.format(Locale.ROOT, " %s %,d × %.2f ms = %.0f ms;", kind.name(), kind.executions(),
                            kind.millis() / Math.max(1, kind.executions()), kind.millis()));
                }
            }
            line.setLength(line.length() - 1);
            return line.toString();
        }
    }

    private final Pool pool;
    private final Path log;
    private long offset;

    private StatementLog(Pool pool, Path log) {
        this.pool = pool;
        this.log = log;
    }

    /** Logs every statement from now on, until {@link #off()}. */
    static StatementLog on(Pool pool, String postgresDir) throws IOException {
        StatementLog statements = new StatementLog(pool, Path.of(postgresDir, "postgres.log"));
        statements.sql("ALTER SYSTEM SET log_min_duration_statement = 0");
        statements.sql("ALTER SYSTEM SET log_line_prefix = '%m [%p] '");
        statements.sql("SELECT pg_reload_conf()");
        statements.offset = Files.size(statements.log);
        return statements;
    }

    void off() {
        sql("ALTER SYSTEM RESET log_min_duration_statement");
        sql("ALTER SYSTEM RESET log_line_prefix");
        sql("SELECT pg_reload_conf()");
    }

    /** The statements logged between {@code from} and {@code until} (epoch ms). */
    Summary between(long from, long until) throws IOException {
        return between(from, until, null);
    }

    /** The same, and the log's lines of those statements copied to {@code copy} (when not null). */
    Summary between(long from, long until, Path copy) throws IOException {
        StringBuilder kept = new StringBuilder();
        Map<String, double[]> kinds = new LinkedHashMap<>();
        Set<String> backends = new HashSet<>();
        double total = 0;
        for (String line : linesSinceOn()) {
            Matcher matcher = LINE.matcher(line);
            if (!matcher.matches()) {
                continue;
            }
            long at = ZonedDateTime.parse(matcher.group(1), STAMP).toInstant().toEpochMilli();
            String kind = kind(matcher.group(5));
            if (at < from || at > until || kind == null) {
                continue;
            }
            kept.append(line).append('\n');
            double millis = Double.parseDouble(matcher.group(3));
            double[] sums = kinds.computeIfAbsent(kind, ignored -> new double[2]);
            sums[0] += matcher.group(4).equals("bind") || matcher.group(4).equals("parse") ? 0 : 1;
            sums[1] += millis;
            total += millis;
            backends.add(matcher.group(2));
        }
        if (copy != null) {
            Files.createDirectories(copy.getParent());
            Files.writeString(copy, kept.toString());
        }
        List<Kind> list = new ArrayList<>();
        kinds.forEach((name, sums) -> list.add(new Kind(name, (int) sums[0], sums[1])));
        list.sort((a, b) -> Double.compare(b.millis(), a.millis()));
        return new Summary(list, total, backends.size());
    }

    private List<String> linesSinceOn() throws IOException {
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
            file.seek(offset);
            byte[] bytes = new byte[(int) (file.length() - offset)];
            file.readFully(bytes);
            return List.of(new String(bytes, StandardCharsets.UTF_8).split("\n"));
        }
    }

    /** A short name for a statement's kind; null for the benchmark's own polling. */
    static String kind(String statement) {
        String s = statement.toLowerCase(Locale.ROOT).replaceAll("\\s+", " ").trim();
        if (s.contains("l.lease_owner is not null as leased") || s.contains("log_min_duration") || s.contains("pg_reload_conf")) {
            return null;
        }
        if (s.startsWith("with candidates as") || s.contains("as pending") || s.contains("outbox") && !s.startsWith("insert into outbox")) {
            return BACKGROUND + "outbox relays";
        }
        if (s.contains("refresh_run") || s.contains("oauth_session") || s.startsWith("with due as") || s.startsWith("select id, trigger")) {
            return BACKGROUND + "token-service";
        }
        if (s.startsWith("insert into synced_event")) {
            return "INSERT synced_event";
        }
        if (s.startsWith("update synced_event")) {
            return "UPDATE synced_event";
        }
        if (s.startsWith("delete from synced_event")) {
            return "DELETE synced_event";
        }
        if (s.contains("from synced_event")) {
            return "SELECT synced_event";
        }
        if (s.startsWith("insert into outbox")) {
            return "INSERT outbox";
        }
        if (s.contains("pg_notify")) {
            return "pg_notify";
        }
        if (s.contains("call_slot")) {
            return s.startsWith("delete") ? "mailbox slot given back" : "mailbox slot taken";
        }
        if (s.startsWith("update calendar_link set lease_until")) {
            return "lease renewed";
        }
        if (s.contains("lease_owner = null")) {
            return "lease released";
        }
        if (s.contains("lease_owner = $1")) {
            return "links claimed";
        }
        if (s.contains("calendar_link")) {
            return s.startsWith("select") ? "SELECT calendar_link" : s.substring(0, Math.min(s.length(), 6)).toUpperCase(Locale.ROOT)
                    + " calendar_link";
        }
        if (s.contains("sync_run")) {
            return s.startsWith("select") ? "SELECT sync_run" : s.substring(0, Math.min(s.length(), 6)).toUpperCase(Locale.ROOT) + " sync_run";
        }
        if (s.contains("tenant_settings")) {
            return "tenant settings";
        }
        if (s.contains("processed_event")) {
            return "consumer";
        }
        if (s.equals("begin") || s.equals("commit") || s.equals("rollback")) {
            return s.toUpperCase(Locale.ROOT);
        }
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }

    private void sql(String statement) {
        pool.query(statement).execute().await().atMost(WAIT);
    }
}
