package com.crm.integrations.testing.postgres;

import com.crm.integrations.testing.support.FileTrees;
import com.crm.integrations.testing.support.PostgresUser;
import com.crm.integrations.testing.support.PropertiesFiles;
import com.crm.integrations.testing.support.WorkArea;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Objects;
import java.util.Properties;

/**
 * An initdb'd data directory with the {@code integrations} database already created, built once per
 * machine (under a file lock) in {@code <work area>/pg-template-<major>} and copied for each test
 * cluster: a copy takes ~0.1 s where initdb takes 1-2 s. Rebuilt when the binaries change.
 */
final class PgTemplate {

    /** Bump when the way templates are built changes, so old ones are rebuilt. */
    private static final String FORMAT = "1";
    private static final String MARKER = "template.properties";

    private PgTemplate() {
    }

    /** The template's data directory, built first if needed. */
    static Path dataDirectory(PgBinaries binaries) {
        Path root = WorkArea.root();
        Path template = root.resolve("pg-template-" + binaries.major());
        if (isComplete(template, binaries)) {
            return template.resolve(PostgresCluster.DATA);
        }
        return WorkArea.withLock(root.resolve("pg-template-" + binaries.major() + ".lock"), () -> {
            if (!isComplete(template, binaries)) {
                build(template, binaries);
            }
            return template.resolve(PostgresCluster.DATA);
        });
    }

    private static boolean isComplete(Path template, PgBinaries binaries) {
        return PropertiesFiles.readIfExists(template.resolve(MARKER))
                .map(p -> FORMAT.equals(p.getProperty("format"))
                        && Objects.equals(binaries.version(), p.getProperty("version"))
                        && Objects.equals(binaries.bin().toString(), p.getProperty("bin")))
                .orElse(false);
    }

    private static void build(Path template, PgBinaries binaries) {
        Path building = template.resolveSibling(template.getFileName() + ".building-" + ProcessHandle.current().pid());
        FileTrees.deleteRecursively(building);
        try {
            Files.createDirectories(building);
            PostgresUser.own(building);
            Path data = building.resolve(PostgresCluster.DATA);
            // fsync off for test clusters, so no sync here either; 1 MB WAL segments keep the copy small.
            Initdb.run(binaries, building, data, false, "--wal-segsize=1");
            Properties marker = new Properties();
            marker.setProperty("format", FORMAT);
            marker.setProperty("version", binaries.version());
            marker.setProperty("bin", binaries.bin().toString());
            PropertiesFiles.write(building.resolve(MARKER), marker, "PostgreSQL test cluster template");
            FileTrees.deleteRecursively(template);
            Files.move(building, template, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot build the PostgreSQL template in " + template, e);
        } finally {
            FileTrees.deleteRecursively(building);
        }
    }
}
