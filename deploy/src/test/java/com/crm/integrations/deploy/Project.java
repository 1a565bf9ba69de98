package com.crm.integrations.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Where the deploy checks find the project's files. */
final class Project {

    /** The system property surefire sets to the project root (see the root pom). */
    static final String ROOT_PROPERTY = "integrations.root";

    private Project() {
    }

    /** The project root: {@value #ROOT_PROPERTY}, else the nearest directory above the working one with {@code deploy/kubernetes}. */
    static Path root() {
        String configured = System.getProperty(ROOT_PROPERTY);
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("pom.xml")) && Files.isDirectory(dir.resolve("deploy/kubernetes"))) {
                return dir;
            }
        }
        throw new IllegalStateException("No project root: set -D" + ROOT_PROPERTY + " or run from inside the project");
    }

    static Path deploy() {
        return root().resolve("deploy");
    }

    /** {@code deploy/kubernetes/overlays}: each directory in it is one variant of the deployment. */
    static Path overlays() {
        return deploy().resolve("kubernetes/overlays");
    }

    /** The Node side: package.json, package-lock.json, validate.mjs and, once installed, node_modules. */
    static Path validation() {
        return deploy().resolve("validation");
    }

    /** Where the rendered overlays are written, for a reader of a failure. */
    static Path renderedDir() {
        return deploy().resolve("target/rendered");
    }

    /** Every overlay directory (one with a kustomization), by name. */
    static List<Path> overlayDirs() {
        Path overlays = overlays();
        if (!Files.isDirectory(overlays)) {
            return List.of();
        }
        try (Stream<Path> dirs = Files.list(overlays)) {
            return dirs.filter(Files::isDirectory).filter(Project::isKustomization).sorted().toList();
        } catch (IOException unreadable) {
            throw new UncheckedIOException(unreadable);
        }
    }

    static boolean isKustomization(Path dir) {
        return Stream.of("kustomization.yaml", "kustomization.yml", "Kustomization").anyMatch(name -> Files.isRegularFile(dir.resolve(name)));
    }

    /** The deployed services: every {@code *-service} module with an {@code application.properties}. */
    static List<String> services() {
        try (Stream<Path> dirs = Files.list(root())) {
            return dirs.filter(dir -> dir.getFileName().toString().endsWith("-service"))
                    .filter(dir -> Files.isRegularFile(applicationProperties(dir.getFileName().toString())))
                    .map(dir -> dir.getFileName().toString()).sorted().toList();
        } catch (IOException unreadable) {
            throw new UncheckedIOException(unreadable);
        }
    }

    static Path applicationProperties(String service) {
        return root().resolve(service).resolve("src/main/resources/application.properties");
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException unreadable) {
            throw new UncheckedIOException("Cannot read " + file, unreadable);
        }
    }
}
