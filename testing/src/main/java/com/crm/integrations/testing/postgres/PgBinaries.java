package com.crm.integrations.testing.postgres;

import com.crm.integrations.testing.support.Commands;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The PostgreSQL server binaries: Debian's postgresql-15 in {@value #DEFAULT_BIN}, or the directory
 * named by the system property or environment variable {@code PG_BIN}.
 *
 * @param bin the directory holding initdb, pg_ctl, postgres and psql
 * @param version what {@code pg_ctl --version} prints, e.g. {@code pg_ctl (PostgreSQL) 15.18 (Debian ...)}
 * @param major the major version, e.g. 15
 */
record PgBinaries(Path bin, String version, int major) {

    static final String DEFAULT_BIN = "/usr/lib/postgresql/15/bin";
    static final String PROPERTY = "PG_BIN";

    private static final List<String> TOOLS = List.of("initdb", "pg_ctl", "postgres", "psql");
    private static final Pattern VERSION = Pattern.compile("\\(PostgreSQL\\) (\\d+)");
    private static final Map<Path, PgBinaries> FOUND = new ConcurrentHashMap<>();

    /** The configured binaries; fails with a message naming the Debian package when they are missing. */
    static PgBinaries locate() {
        String configured = System.getProperty(PROPERTY, System.getenv(PROPERTY));
        return at(Path.of(configured == null || configured.isBlank() ? DEFAULT_BIN : configured));
    }

    /** The binaries in this directory; fails with a message naming the Debian package when they are missing. */
    static PgBinaries at(Path directory) {
        Path bin = directory.toAbsolutePath();
        PgBinaries found = FOUND.get(bin);
        if (found != null) {
            return found;
        }
        for (String tool : TOOLS) {
            if (!Files.isExecutable(bin.resolve(tool))) {
                throw new IllegalStateException("PostgreSQL server binaries not found: no executable " + bin.resolve(tool)
                        + ". Install the Debian package postgresql-15 (apt-get install -y postgresql-15), or set "
                        + PROPERTY + " (system property or environment variable) to the directory holding initdb and pg_ctl.");
            }
        }
        String version = Commands.run(List.of(bin.resolve("pg_ctl").toString(), "--version"), Duration.ofSeconds(10))
                .orThrow("pg_ctl --version").output().strip();
        Matcher matcher = VERSION.matcher(version);
        int major = matcher.find() ? Integer.parseInt(matcher.group(1)) : 0;
        found = new PgBinaries(bin, version, major);
        FOUND.put(bin, found);
        return found;
    }

    String tool(String name) {
        return bin.resolve(name).toString();
    }
}
