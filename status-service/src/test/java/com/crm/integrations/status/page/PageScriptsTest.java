package com.crm.integrations.status.page;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The integrations page's own JavaScript unit tests ({@code src/test/js/*.test.mjs}: the SSE parser, the card rules, the
 * calls' problem details), run with {@code node --test} so that {@code ./mvnw verify} runs them. Skipped where node is not
 * on the PATH or is older than 20.19, the first to load the page's plain {@code .js} files as ES modules.
 */
class PageScriptsTest {

    private static final Path SCRIPTS = Path.of("src", "test", "js");

    @Test
    void pageScriptsPassTheirUnitTests() throws Exception {
        // Given
        assumeTrue(nodeIsRecentEnough(), "node 20.19 or newer is not on the PATH: the page's JavaScript tests are skipped");
        List<String> command = new ArrayList<>(List.of("node", "--test", "--test-reporter=dot"));
        try (Stream<Path> files = Files.list(SCRIPTS)) {
            files.map(file -> file.getFileName().toString()).filter(name -> name.endsWith(".test.mjs")).sorted().forEach(command::add);
        }
        assertTrue(command.size() > 3, "no *.test.mjs in " + SCRIPTS.toAbsolutePath());

        // When
        Process node = new ProcessBuilder(command).directory(SCRIPTS.toFile()).redirectErrorStream(true).start();
        String output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        boolean ended = node.waitFor(2, TimeUnit.MINUTES);

        // Then
        assertTrue(ended, "node --test did not end within 2 minutes:\n" + output);
        assertEquals(0, node.exitValue(), "node --test failed:\n" + output);
    }

    private static boolean nodeIsRecentEnough() throws InterruptedException {
        try {
            Process version = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            String text = new String(version.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!version.waitFor(30, TimeUnit.SECONDS) || version.exitValue() != 0 || !text.matches("v\\d+\\.\\d+\\..*")) {
                return false;
            }
            String[] parts = text.substring(1).split("\\.");
            int major = Integer.parseInt(parts[0]);
            int minor = Integer.parseInt(parts[1]);
            return major > 20 || major == 20 && minor >= 19;
        } catch (IOException notInstalled) {
            return false;
        }
    }
}
