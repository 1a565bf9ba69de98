package com.crm.integrations.testing.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * PostgreSQL refuses to run as root. When this JVM runs as root, the server tools run as the
 * {@code postgres} system user (through {@code runuser}) and the files they own are handed to that
 * user; otherwise they run as the current user and nothing changes hands.
 */
public final class PostgresUser {

    public static final String NAME = "postgres";

    private static final boolean ROOT = detectRoot();

    private PostgresUser() {
    }

    public static boolean isRoot() {
        return ROOT;
    }

    /** The command, run as {@code postgres} when this JVM is root. */
    public static List<String> command(List<String> command) {
        if (!ROOT) {
            return command;
        }
        List<String> wrapped = new ArrayList<>(List.of(runuser(), "-u", NAME, "--"));
        wrapped.addAll(command);
        return wrapped;
    }

    /** Gives the file (not following links) to {@code postgres} when this JVM is root. */
    public static void own(Path path) {
        if (!ROOT) {
            return;
        }
        try {
            PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
            UserPrincipalLookupService lookup = path.getFileSystem().getUserPrincipalLookupService();
            UserPrincipal user = lookup.lookupPrincipalByName(NAME);
            GroupPrincipal group = lookup.lookupPrincipalByGroupName(NAME);
            view.setOwner(user);
            view.setGroup(group);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot give " + path + " to the '" + NAME + "' user (does it exist?)", e);
        }
    }

    /** Gives a whole tree to {@code postgres} when this JVM is root. */
    public static void ownTree(Path root) {
        if (!ROOT) {
            return;
        }
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    own(dir);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    own(file);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether {@code postgres} can reach (search) the existing directory; always true when not root. */
    public static boolean canReach(Path existingDirectory) {
        if (!ROOT) {
            return true;
        }
        return Commands.run(command(List.of("test", "-x", existingDirectory.toString())), Duration.ofSeconds(10)).succeeded();
    }

    /** Fails with a clear message when root and the {@code postgres} user or {@code runuser} is missing. */
    public static void checkAvailable() {
        if (!ROOT) {
            return;
        }
        try {
            Path.of("/").getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(NAME);
        } catch (IOException e) {
            throw new IllegalStateException("Running as root, so PostgreSQL must run as the '" + NAME
                    + "' system user, which does not exist. Install the Debian package postgresql-15"
                    + " (it creates the user) or run the build as a non-root user.", e);
        }
        runuser();
    }

    private static String runuser() {
        for (String candidate : List.of("/usr/sbin/runuser", "/sbin/runuser", "/usr/bin/runuser", "/bin/runuser")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        throw new IllegalStateException("Running as root, so PostgreSQL must be started as the '" + NAME
                + "' user with runuser (util-linux), which was not found.");
    }

    private static boolean detectRoot() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    String[] fields = line.substring(4).trim().split("\\s+");
                    return "0".equals(fields[1]); // effective uid
                }
            }
        } catch (IOException | RuntimeException e) {
            // Not Linux, or /proc hidden: fall back on the user name.
        }
        return "root".equals(System.getProperty("user.name"));
    }
}
