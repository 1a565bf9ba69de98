package com.crm.integrations.testing.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.crm.integrations.testing.support.FileTrees;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** axe-core fetched, verified, cached, and run in pages that break its rules or keep them. */
class AxeTest {

    @Test
    void reportsWhatAnInaccessiblePageBreaksAndHowToFixIt() {
        assumeTrue(Chromium.isInstalled(), Chromium.notInstalledReason());
        try (TestSite site = TestSite.start().page("inaccessible.html", Map.of()); Chromium chromium = Chromium.start();
                Page page = chromium.newPage()) {
            // Given
            Axe axe = Axe.load();
            page.navigate(site.url("/inaccessible.html"));

            // When
            long started = System.nanoTime();
            List<AxeViolation> violations = axe.run(page);
            System.out.println("axe-core " + Axe.VERSION + " ran in " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)
                    + " ms (injection included)");
            AssertionError failure = assertThrows(AssertionError.class, () -> axe.assertNoViolations(page));

            // Then
            List<String> ids = violations.stream().map(AxeViolation::id).toList();
            assertTrue(ids.containsAll(List.of("image-alt", "label")), ids::toString);
            AxeViolation imageAlt = violations.stream().filter(v -> v.id().equals("image-alt")).findFirst().orElseThrow();
            assertEquals("critical", imageAlt.impact());
            assertEquals("img", imageAlt.elements().get(0).target());
            assertTrue(imageAlt.elements().get(0).html().startsWith("<img src=\"data:image/gif"), imageAlt::toString);
            assertTrue(failure.getMessage().contains("image-alt (critical): Images must have alternative text"), failure.getMessage());
            assertTrue(failure.getMessage().contains("#search  <input id=\"search\" type=\"text\">"), failure.getMessage());
        }
    }

    @Test
    void findsNothingOnAnAccessiblePage() {
        assumeTrue(Chromium.isInstalled(), Chromium.notInstalledReason());
        try (TestSite site = TestSite.start().page("accessible.html", Map.of()); Chromium chromium = Chromium.start();
                Page page = chromium.newPage()) {
            // Given
            page.navigate(site.url("/accessible.html"));

            // When
            List<AxeViolation> violations = Axe.load().run(page);

            // Then
            assertEquals(List.of(), violations);
            Axe.load().assertNoViolations(page);
        }
    }

    @Test
    void aCachedScriptThatDoesNotMatchItsDigestIsFetchedAgain() throws Exception {
        // Given
        Axe.load();
        Path cache = Files.createTempDirectory("axe-cache-");
        try {
            Files.copy(Axe.cacheDirectory().resolve("axe.min.js"), cache.resolve("axe.min.js"));
            Files.copy(Axe.cacheDirectory().resolve("axe.min.js.sha256"), cache.resolve("axe.min.js.sha256"));
            Files.writeString(cache.resolve("axe.min.js"), "window.axe = 'tampered';");

            // When
            Axe.load(cache, Axe.TARBALL);

            // Then
            byte[] script = Files.readAllBytes(cache.resolve("axe.min.js"));
            assertEquals(Files.readString(cache.resolve("axe.min.js.sha256")).strip(),
                    HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(script)));
            assertTrue(new String(script, 0, 200, StandardCharsets.UTF_8).contains("axe v" + Axe.VERSION), "not axe " + Axe.VERSION);
        } finally {
            FileTrees.deleteRecursively(cache);
        }
    }

    @Test
    void aTarballOtherThanThePublishedOneIsRefused() {
        // When
        IllegalStateException failure = assertThrows(IllegalStateException.class,
                () -> Axe.verifyIntegrity("not axe".getBytes(StandardCharsets.UTF_8), Axe.INTEGRITY, URI.create("https://example.invalid/")));

        // Then
        assertTrue(failure.getMessage().contains("is not the one published"), failure.getMessage());
    }
}
