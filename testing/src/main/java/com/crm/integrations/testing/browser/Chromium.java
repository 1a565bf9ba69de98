package com.crm.integrations.testing.browser;

import com.crm.integrations.testing.support.ChildProcesses;
import com.crm.integrations.testing.support.FileTrees;
import com.crm.integrations.testing.support.FreePorts;
import com.crm.integrations.testing.support.ProcessIdentity;
import com.crm.integrations.testing.support.WorkArea;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Headless Chromium, Debian's {@code chromium} package, as a child process of the test JVM, driven over the
 * Chrome DevTools Protocol.
 *
 * <pre>
 * assumeTrue(Chromium.isInstalled(), Chromium.notInstalledReason());
 * try (Chromium chromium = Chromium.start(); Page page = chromium.newPage()) {
 *     page.navigate(appUrl + "/integrations");
 *     page.click("#connect-google");
 * }
 * </pre>
 *
 * <p>The binary is {@value #DEFAULT_BINARY}, or what the system property or environment variable
 * {@value #BINARY_PROPERTY} names. It runs with {@link #FLAGS}, a fresh profile and {@code HOME} in a test
 * directory of the work area ({@code <area>/chromium/test-*}, deleted on {@link #close()}), and finds its DevTools
 * port itself ({@code --remote-debugging-port=0}, read from the profile's {@code DevToolsActivePort}). Like the
 * sandbox ({@link com.crm.integrations.testing.support.AppProcess}), it is SIGKILLed by a watchdog within a second
 * of the test JVM's death (its renderers and helpers go with it), and the next start deletes what a dead owner left.
 */
public final class Chromium implements AutoCloseable {

    /** System property or environment variable: the Chromium executable to run instead of {@value #DEFAULT_BINARY}. */
    public static final String BINARY_PROPERTY = "CHROMIUM_BIN";
    public static final String DEFAULT_BINARY = "/usr/bin/chromium";

    /**
     * The command-line flags besides the profile: headless; no sandbox (tests may run as root); DevTools on a port
     * of the kernel's choosing; nothing that calls out or runs in the background (first-run, default-browser
     * check, extensions, component updates, sync, background networking); pages in the background not throttled (a
     * test may hold two); scroll bars hidden (so a viewport's width is the layout's); English. Not
     * {@code --disable-crashpad-for-testing}: it crash-loops the network service (every navigation fails with
     * {@code net::ERR_ABORTED}); the crash handler it would save is killed with the browser instead.
     */
    public static final List<String> FLAGS = List.of(
            "--headless",
            "--no-sandbox",
            "--remote-debugging-address=" + FreePorts.LOOPBACK,
            "--remote-debugging-port=0",
            "--no-first-run",
            "--no-default-browser-check",
            "--disable-extensions",
            "--disable-component-update",
            "--disable-default-apps",
            "--disable-sync",
            "--disable-background-networking",
            "--disable-background-timer-throttling",
            "--disable-backgrounding-occluded-windows",
            "--disable-renderer-backgrounding",
            "--hide-scrollbars",
            "--mute-audio",
            "--lang=en-US");

    private static final String KIND = "chromium";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final String ACTIVE_PORT_FILE = "DevToolsActivePort";
    private static final Pattern BROWSER_PATH = Pattern.compile("/devtools/browser/[0-9a-f-]{36}");

    private final Path dir;
    private final Path log;
    private final Process process;
    private final Process watchdog;
    private final int port;
    private final DevTools browser;
    private final List<Page> pages = new CopyOnWriteArrayList<>();

    private Chromium(Path dir, Path log, Process process, Process watchdog, int port, DevTools browser) {
        this.dir = dir;
        this.log = log;
        this.process = process;
        this.watchdog = watchdog;
        this.port = port;
        this.browser = browser;
    }

    /** The configured executable, if it exists. */
    public static Optional<Path> binary() {
        Path binary = configuredBinary();
        return Files.isExecutable(binary) ? Optional.of(binary) : Optional.empty();
    }

    /** Whether the browser is there: tests that need it are skipped, with {@link #notInstalledReason()}, when not. */
    public static boolean isInstalled() {
        return binary().isPresent();
    }

    /** Why there is no browser, and how to get one. */
    public static String notInstalledReason() {
        return "Chromium not found: no executable " + configuredBinary() + ". Install Debian's chromium package"
                + " (apt-get install chromium), or set " + BINARY_PROPERTY + " (system property or environment variable)"
                + " to a Chromium or Chrome executable.";
    }

    /**
     * Starts the configured browser and returns once its DevTools endpoint answers.
     *
     * @throws IllegalStateException naming {@code apt-get install chromium} when it is not installed, or with the
     *         end of its log when it does not start
     */
    public static Chromium start() {
        return start(binary().orElseThrow(() -> new IllegalStateException(notInstalledReason())));
    }

    /** Starts this executable (see {@link #start()}). */
    public static Chromium start(Path binary) {
        WorkArea.cleanStale(KIND, stale -> ChildProcesses.killRecorded(stale, KIND));
        Path dir = WorkArea.createTestDirectory(KIND);
        Path profile = dir.resolve("profile");
        Path log = dir.resolve("chromium.log");
        List<String> command = new ArrayList<>();
        command.add(binary.toString());
        command.addAll(FLAGS);
        command.add("--user-data-dir=" + profile);
        command.add("about:blank");
        Process process;
        try {
            Files.createDirectories(profile);
            ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(log.toFile())
                    .redirectErrorStream(true);
            // What Chromium keeps outside its profile (NSS database, dconf, crash reports) stays in the test directory.
            builder.environment().putAll(Map.of("HOME", dir.toString(), "XDG_CONFIG_HOME", dir.resolve(".config").toString(),
                    "XDG_CACHE_HOME", dir.resolve(".cache").toString()));
            process = builder.start();
        } catch (IOException e) {
            FileTrees.deleteRecursively(dir);
            throw new UncheckedIOException("Cannot start " + binary, e);
        }
        ChildProcesses.recordPid(dir, KIND, process.toHandle());
        Process watchdog = ChildProcesses.killWhenOwnerDies(ProcessIdentity.current(), process.pid());
        try {
            URI endpoint = awaitDevTools(process, profile.resolve(ACTIVE_PORT_FILE), log);
            return new Chromium(dir, log, process, watchdog, endpoint.getPort(), DevTools.connect(endpoint));
        } catch (RuntimeException e) {
            stop(process, watchdog, dir);
            throw e;
        }
    }

    /** Opens a new page (a tab: {@code Target.createTarget}) on {@code about:blank} at the desktop viewport. */
    public Page newPage() {
        String targetId = browser.send("Target.createTarget", Map.of("url", "about:blank")).path("targetId").asText();
        URI endpoint = URI.create("ws://" + FreePorts.LOOPBACK + ":" + port + "/devtools/page/" + targetId);
        Page page = new Page(this, targetId, DevTools.connect(endpoint));
        pages.add(page);
        return page;
    }

    /** The ids of the page targets open now (tabs and windows, e.g. a popup the page opened). */
    public java.util.Set<String> pageTargets() {
        java.util.Set<String> ids = new java.util.LinkedHashSet<>();
        browser.send("Target.getTargets").path("targetInfos").forEach(info -> {
            if ("page".equals(info.path("type").asText())) {
                ids.add(info.path("targetId").asText());
            }
        });
        return ids;
    }

    /**
     * Waits for a page target that is not among {@code known} (a window the page opened) and returns it as a
     * {@link Page}: a test drives a popup as it drives any page.
     *
     * @throws AssertionError when none opens within {@code within}
     */
    public Page awaitNewPage(java.util.Set<String> known, java.time.Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            for (String id : pageTargets()) {
                if (!known.contains(id)) {
                    URI endpoint = URI.create("ws://" + FreePorts.LOOPBACK + ":" + port + "/devtools/page/" + id);
                    Page page = new Page(this, id, DevTools.connect(endpoint));
                    pages.add(page);
                    return page;
                }
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for a new window", interrupted);
            }
        }
        throw new AssertionError("No new window opened within " + within + "; pages open: " + pageTargets());
    }

    /** The browser's own DevTools connection ({@code Target.*}, {@code Browser.*}). */
    public DevTools browser() {
        return browser;
    }

    /** What {@code Browser.getVersion} reports, e.g. {@code Chrome/150.0.7871.100}. */
    public String version() {
        return browser.send("Browser.getVersion").path("product").asText();
    }

    public ProcessHandle process() {
        return process.toHandle();
    }

    /** The test directory: the profile, the log, the pid file (deleted on {@link #close()}). */
    public Path dir() {
        return dir;
    }

    /** Everything the browser printed (deleted on {@link #close()}). */
    public Path logFile() {
        return log;
    }

    /** Kills the browser and its child processes and deletes its test directory, profile included. */
    @Override
    public void close() {
        pages.forEach(Page::disconnect);
        browser.close();
        stop(process, watchdog, dir);
    }

    @Override
    public String toString() {
        return "Chromium pid " + process.pid() + " (DevTools on port " + port + ")";
    }

    void closed(Page page) {
        pages.remove(page);
        if (browser.isOpen()) {
            browser.send("Target.closeTarget", Map.of("targetId", page.targetId()));
        }
    }

    private static Path configuredBinary() {
        String configured = System.getProperty(BINARY_PROPERTY, System.getenv(BINARY_PROPERTY));
        return Path.of(configured == null || configured.isBlank() ? DEFAULT_BINARY : configured);
    }

    /** The browser endpoint from {@code DevToolsActivePort}: its first line is the port, its second the path. */
    private static URI awaitDevTools(Process process, Path activePort, Path log) {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (true) {
            List<String> lines = readLines(activePort);
            if (lines.size() >= 2 && BROWSER_PATH.matcher(lines.get(1).trim()).matches()) {
                return URI.create("ws://" + FreePorts.LOOPBACK + ":" + lines.get(0).trim() + lines.get(1).trim());
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("Chromium exited with " + process.exitValue() + " before it opened DevTools. Its log ("
                        + log + "):\n" + FileTrees.tail(log, 40));
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Chromium did not open DevTools within " + START_TIMEOUT.toSeconds() + " s (no "
                        + activePort + "). Its log:\n" + FileTrees.tail(log, 40));
            }
            WorkArea.sleep(20);
        }
    }

    private static List<String> readLines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return List.of(); // not there yet (or half written: the next look sees it whole)
        }
    }

    /**
     * SIGKILL for the browser and every process it started (a profile deleted next needs no clean shutdown): its
     * descendants, and its crash handlers, which detach themselves (their parent is init) but name the test directory
     * on their command line, as every process of this browser does. (Left alone, they exit a second after the browser.)
     */
    private static void stop(Process process, Process watchdog, Path dir) {
        String mark = dir + "/";
        List<ProcessHandle> family = Stream.concat(Stream.concat(Stream.of(process.toHandle()), process.descendants()),
                ProcessHandle.allProcesses().filter(other -> other.info().commandLine().map(line -> line.contains(mark)).orElse(false)))
                .distinct().toList();
        family.forEach(ProcessHandle::destroyForcibly);
        List<ProcessHandle> survivors = family.stream().filter(member -> !ChildProcesses.awaitExit(member, Duration.ofSeconds(30))).toList();
        watchdog.destroyForcibly();
        if (!survivors.isEmpty()) {
            throw new IllegalStateException("Chromium's processes " + survivors + " did not die of SIGKILL within 30 s");
        }
        FileTrees.deleteRecursively(dir);
    }
}
