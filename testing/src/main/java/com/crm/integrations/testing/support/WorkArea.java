package com.crm.integrations.testing.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The machine-wide scratch area of the launchers: {@code /tmp/crm-integrations} when root,
 * {@code /tmp/crm-integrations-<user>} otherwise (override with the system property
 * {@code integrations.tmp-dir} or the environment variable {@code INTEGRATIONS_TMP_DIR}).
 *
 * <p>Test directories live in {@code <area>/<kind>/test-<owner pid>-<random>} with an
 * {@code owner.properties} naming the JVM that owns them. A directory whose owner is dead is
 * <em>stale</em>: {@link #cleanStale} claims it (an atomic rename to {@code stale-<pid>-...}, so two
 * JVMs never clean the same one), stops what runs in it and deletes it.
 */
public final class WorkArea {

    private static final Logger LOG = Logger.getLogger(WorkArea.class.getName());
    private static final String OWNER_FILE = "owner.properties";
    private static final String TEST_PREFIX = "test-";
    private static final String STALE_PREFIX = "stale-";

    private WorkArea() {
    }

    public static Path root() {
        String configured = System.getProperty("integrations.tmp-dir", System.getenv("INTEGRATIONS_TMP_DIR"));
        Path root;
        if (configured != null && !configured.isBlank()) {
            root = Path.of(configured);
        } else {
            String suffix = PostgresUser.isRoot() ? "" : "-" + System.getProperty("user.name", "user");
            root = Path.of("/tmp", "crm-integrations" + suffix);
        }
        return ensureSearchable(root.toAbsolutePath());
    }

    /** {@code <area>/<kind>}, created if needed, searchable by all (so {@code postgres} can reach its clusters). */
    public static Path kindDirectory(String kind) {
        return ensureSearchable(root().resolve(kind));
    }

    /** A new test directory owned by this JVM. */
    public static Path createTestDirectory(String kind) {
        Path parent = kindDirectory(kind);
        ProcessIdentity owner = ProcessIdentity.current();
        for (int attempt = 0; attempt < 100; attempt++) {
            String random = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
            Path dir = parent.resolve(TEST_PREFIX + owner.pid() + "-" + random);
            try {
                Files.createDirectory(dir);
            } catch (FileAlreadyExistsException e) {
                continue;
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot create " + dir, e);
            }
            Properties properties = new Properties();
            owner.writeTo(properties, "owner.");
            PropertiesFiles.write(dir.resolve(OWNER_FILE), properties, "The JVM that owns this test directory");
            return dir;
        }
        throw new IllegalStateException("Cannot create a test directory under " + parent);
    }

    /** The owner recorded in a test directory, if it is one. */
    public static Optional<ProcessIdentity> owner(Path dir) {
        return PropertiesFiles.readIfExists(dir.resolve(OWNER_FILE)).flatMap(p -> ProcessIdentity.readFrom(p, "owner."));
    }

    /**
     * Stops (with {@code stopper}) and deletes every test directory of this kind whose owner is dead.
     * Errors are logged, never thrown: cleaning up after someone else must not fail this run.
     */
    public static void cleanStale(String kind, Consumer<Path> stopper) {
        Path parent = kindDirectory(kind);
        long me = ProcessHandle.current().pid();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(parent)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                Path claimed;
                if (name.startsWith(TEST_PREFIX)) {
                    ProcessIdentity owner = owner(entry).orElseGet(() -> new ProcessIdentity(pidIn(name, TEST_PREFIX), 0));
                    if (owner.pid() == me || owner.isAlive()) {
                        continue;
                    }
                    claimed = claim(entry, parent.resolve(STALE_PREFIX + me + "-" + name));
                } else if (name.startsWith(STALE_PREFIX)) {
                    long claimer = pidIn(name, STALE_PREFIX);
                    if (claimer == me || ProcessHandle.of(claimer).map(ChildProcesses::isRunning).orElse(false)) {
                        continue;
                    }
                    String original = name.substring(name.indexOf('-', STALE_PREFIX.length()) + 1);
                    claimed = claim(entry, parent.resolve(STALE_PREFIX + me + "-" + original));
                } else {
                    continue;
                }
                if (claimed == null) {
                    continue;
                }
                try {
                    stopper.accept(claimed);
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "Could not stop what ran in stale " + claimed + ": " + e.getMessage());
                }
                try {
                    FileTrees.deleteRecursively(claimed);
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "Could not delete stale " + claimed + ": " + e.getMessage());
                }
            }
        } catch (IOException e) {
            LOG.log(Level.WARNING, "Could not look for stale directories in " + parent + ": " + e.getMessage());
        }
    }

    /** Runs the action while holding an exclusive lock on the file, across JVMs and within this one. */
    public static <T> T withLock(Path lockFile, Supplier<T> action) {
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            FileLock lock = null;
            while (lock == null) {
                try {
                    lock = channel.lock();
                } catch (OverlappingFileLockException e) {
                    // Another thread (or class loader) of this JVM holds it.
                    sleep(25);
                }
            }
            try {
                return action.get();
            } finally {
                lock.release();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot lock " + lockFile, e);
        }
    }

    public static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
    }

    private static Path claim(Path entry, Path target) {
        try {
            return Files.move(entry, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (NoSuchFileException | FileAlreadyExistsException e) {
            return null; // another JVM claimed it first
        } catch (IOException e) {
            LOG.log(Level.FINE, "Could not claim " + entry, e);
            return null;
        }
    }

    private static long pidIn(String name, String prefix) {
        try {
            int end = name.indexOf('-', prefix.length());
            return Long.parseLong(name.substring(prefix.length(), end < 0 ? name.length() : end));
        } catch (RuntimeException e) {
            return Long.MAX_VALUE; // unparseable: ProcessHandle.of finds nothing, so it counts as dead
        }
    }

    private static Path ensureSearchable(Path dir) {
        if (Files.isDirectory(dir)) {
            return dir;
        }
        try {
            Files.createDirectories(dir);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (FileAlreadyExistsException e) {
            // Raced with another JVM: fine.
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create " + dir, e);
        }
        return dir;
    }
}
