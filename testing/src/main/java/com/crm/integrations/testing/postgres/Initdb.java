package com.crm.integrations.testing.postgres;

import com.crm.integrations.testing.support.Commands;
import com.crm.integrations.testing.support.PostgresUser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Creates a data directory: initdb with the bootstrap superuser {@code integrations} (password
 * {@code integrations}), trust authentication on the unix socket and on 127.0.0.1 only, our settings
 * file included from postgresql.conf, and the {@code integrations} database (created in single-user
 * mode, so no server has to start for it).
 */
final class Initdb {

    private Initdb() {
    }

    /**
     * @param workDir a directory {@code postgres} can write, for the password file
     * @param sync whether initdb syncs to disk (persistent clusters) or not (test templates)
     */
    static void run(PgBinaries binaries, Path workDir, Path data, boolean sync, String... extraOptions) throws IOException {
        Path passwordFile = workDir.resolve("initdb-password");
        Files.writeString(passwordFile, PostgresCluster.PASSWORD + "\n");
        PostgresUser.own(passwordFile);
        try {
            List<String> command = new ArrayList<>(List.of(binaries.tool("initdb"), "-D", data.toString(),
                    "-U", PostgresCluster.USERNAME, "--pwfile=" + passwordFile, "--auth=trust",
                    "-E", "UTF8", "--locale=C"));
            if (!sync) {
                command.add("--no-sync");
            }
            command.addAll(List.of(extraOptions));
            Commands.run(PostgresUser.command(command), Duration.ofMinutes(2)).orThrow("initdb");
        } finally {
            Files.deleteIfExists(passwordFile);
        }
        Files.writeString(data.resolve("pg_hba.conf"), """
                # Written by the crm-integrations testing launchers. Local use only: no password is asked,
                # and the server listens on 127.0.0.1 only (see crm-integrations.conf).
                # TYPE  DATABASE  USER  ADDRESS       METHOD
                local   all       all                 trust
                host    all       all   127.0.0.1/32  trust
                """);
        Files.writeString(data.resolve("postgresql.conf"),
                "\n# Port, listen address and durability of this cluster (written by the launcher).\n"
                        + "include_if_exists = '" + PostgresCluster.SETTINGS_FILE + "'\n",
                StandardOpenOption.APPEND);
        List<String> singleUser = List.of(binaries.tool("postgres"), "--single", "-D", data.toString(), "-F",
                "-c", "listen_addresses=", "postgres");
        Commands.Result created = Commands.run(PostgresUser.command(singleUser),
                "CREATE DATABASE " + PostgresCluster.DATABASE + ";\n", Duration.ofMinutes(1)).orThrow("CREATE DATABASE");
        if (created.output().contains("ERROR:")) {
            throw new IllegalStateException("CREATE DATABASE " + PostgresCluster.DATABASE + " failed: " + created.output().strip());
        }
    }
}
