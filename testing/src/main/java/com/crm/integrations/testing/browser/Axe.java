package com.crm.integrations.testing.browser;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * axe-core, Deque's accessibility checker, run in a {@link Page} against WCAG 2.0 and 2.1 A and AA and axe's best
 * practices ({@link #TAGS}).
 *
 * <pre>
 * Axe.load().assertNoViolations(page);         // or: List&lt;AxeViolation&gt; violations = Axe.load().run(page);
 * </pre>
 *
 * <p>The script is {@code package/axe.min.js} of the npm package {@code axe-core}, pinned to {@value #VERSION}: its
 * tarball is fetched once from the npm registry and checked against the {@code dist.integrity} (SHA-512) the
 * registry published for it, and the script is cached in {@code ~/.cache/crm-integrations/axe-core-<version>/}
 * with its SHA-256 beside it ({@code axe.min.js.sha256}), checked at every load: a cached copy that does not match is
 * fetched again.
 */
public final class Axe {

    public static final String VERSION = "4.14.1";
    /** {@code dist.integrity} of axe-core {@value #VERSION} in the npm registry. */
    static final String INTEGRITY = "sha512-FHfa+lmNjQZfJz1q8wKqIDwC6DExcHt/pkjNQb09a3NPjCKg2rhu5qb2S4r76ASyFNNtuFooJpZe37OgudVGtQ==";
    static final URI TARBALL = URI.create("https://registry.npmjs.org/axe-core/-/axe-core-" + VERSION + ".tgz");
    /** The rule tags run: WCAG 2.0 and 2.1, levels A and AA, and axe's best practices. */
    public static final List<String> TAGS = List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice");

    private static final String SCRIPT_ENTRY = "package/axe.min.js";
    private static final String SCRIPT_FILE = "axe.min.js";
    private static final String SHA256_FILE = SCRIPT_FILE + ".sha256";
    private static final String RUN = "axe.run(document, {runOnly: %s, resultTypes: ['violations']}).then(results =>"
            + " results.violations.map(v => ({id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,"
            + " nodes: v.nodes.map(n => ({target: n.target, html: n.html, failureSummary: n.failureSummary || ''}))})))";
    private static Axe loaded;

    private final String script;

    private Axe(String script) {
        this.script = script;
    }

    /** axe-core {@value #VERSION} from the cache in the user's home, fetched into it first if need be (once per JVM). */
    public static synchronized Axe load() {
        if (loaded == null) {
            loaded = load(cacheDirectory(), TARBALL);
        }
        return loaded;
    }

    /** {@code ~/.cache/crm-integrations/axe-core-}{@value #VERSION}. */
    public static Path cacheDirectory() {
        return Path.of(System.getProperty("user.home"), ".cache", "crm-integrations", "axe-core-" + VERSION);
    }

    /** axe-core from the cache in {@code directory}, fetched from {@code tarball} when the cache is missing or does not match. */
    static Axe load(Path directory, URI tarball) {
        Path file = directory.resolve(SCRIPT_FILE);
        Path sha256 = directory.resolve(SHA256_FILE);
        try {
            if (Files.isRegularFile(file) && Files.isRegularFile(sha256)) {
                byte[] cached = Files.readAllBytes(file);
                if (Files.readString(sha256).strip().equals(hex(digest("SHA-256", cached)))) {
                    return new Axe(new String(cached, StandardCharsets.UTF_8));
                }
            }
            byte[] script = extractScript(fetch(tarball));
            Files.createDirectories(directory);
            writeAtomically(file, script);
            writeAtomically(sha256, (hex(digest("SHA-256", script)) + "\n").getBytes(StandardCharsets.US_ASCII));
            return new Axe(new String(script, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot cache axe-core " + VERSION + " in " + directory, e);
        }
    }

    /**
     * Runs axe in the page as it is now (injecting the script first if the page has none) and returns what it breaks,
     * the worst first as axe orders them.
     */
    public List<AxeViolation> run(Page page) {
        if (!page.evaluate("typeof window.axe === 'object' && typeof window.axe.run === 'function'").asBoolean()) {
            page.evaluate(script + "\n;true");
        }
        JsonNode violations = page.evaluate(RUN.formatted(Page.js(TAGS)));
        List<AxeViolation> found = new ArrayList<>();
        for (JsonNode violation : violations) {
            List<AxeViolation.Element> elements = new ArrayList<>();
            for (JsonNode node : violation.path("nodes")) {
                elements.add(new AxeViolation.Element(target(node.path("target")), node.path("html").asText(),
                        node.path("failureSummary").asText()));
            }
            found.add(new AxeViolation(violation.path("id").asText(), violation.path("impact").asText(), violation.path("help").asText(),
                    violation.path("helpUrl").asText(), elements));
        }
        return found;
    }

    /** Fails, listing each violation with its elements and how to fix them, unless the page breaks no rule. */
    public void assertNoViolations(Page page) {
        List<AxeViolation> violations = run(page);
        if (!violations.isEmpty()) {
            throw new AssertionError(violations.size() + " accessibility rule(s) broken on " + page.url() + " (axe-core " + VERSION + ", "
                    + String.join(", ", TAGS) + "):\n  " + violations.stream().map(AxeViolation::toString)
                            .collect(Collectors.joining("\n  ")));
        }
    }

    /** The script's size in characters (what each page it is injected into receives). */
    public int scriptLength() {
        return script.length();
    }

    /** A target is a list of selectors, one per frame or shadow root on the way; each may itself be a list. */
    private static String target(JsonNode target) {
        List<String> parts = new ArrayList<>();
        target.forEach(part -> parts.add(part.isArray() ? target(part) : part.asText()));
        return String.join(" >> ", parts);
    }

    private static byte[] fetch(URI tarball) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(15))
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        HttpResponse<byte[]> response;
        try {
            response = http.send(HttpRequest.newBuilder(tarball).timeout(Duration.ofMinutes(2)).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot fetch axe-core " + VERSION + " from " + tarball + " (is the npm registry"
                    + " reachable?): " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while fetching " + tarball, e);
        }
        if (response.statusCode() != 200) {
            throw new IllegalStateException("Cannot fetch axe-core " + VERSION + ": " + tarball + " answered " + response.statusCode());
        }
        verifyIntegrity(response.body(), INTEGRITY, tarball);
        return response.body();
    }

    /** Fails unless the bytes' SHA-512 is the one npm's {@code integrity} ({@code sha512-<base64>}) names. */
    static void verifyIntegrity(byte[] bytes, String integrity, URI source) {
        String actual = "sha512-" + Base64.getEncoder().encodeToString(digest("SHA-512", bytes));
        if (!actual.equals(integrity)) {
            throw new IllegalStateException("The axe-core tarball from " + source + " is not the one published: its integrity is "
                    + actual + ", the registry's is " + integrity);
        }
    }

    private static byte[] extractScript(byte[] tarball) throws IOException {
        try (InputStream gzip = new GzipCompressorInputStream(new ByteArrayInputStream(tarball));
                TarArchiveInputStream tar = new TarArchiveInputStream(gzip)) {
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                if (entry.isFile() && SCRIPT_ENTRY.equals(entry.getName())) {
                    return tar.readAllBytes();
                }
            }
        }
        throw new IllegalStateException("The axe-core " + VERSION + " tarball has no " + SCRIPT_ENTRY);
    }

    private static void writeAtomically(Path file, byte[] content) throws IOException {
        Path temporary = Files.createTempFile(file.getParent(), file.getFileName() + ".", ".tmp");
        try {
            Files.write(temporary, content);
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private static byte[] digest(String algorithm, byte[] bytes) {
        try {
            return MessageDigest.getInstance(algorithm).digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is part of every JDK", e);
        }
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
