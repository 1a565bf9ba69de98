package com.crm.integrations.testing.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.crm.integrations.testing.support.Eventually;
import com.crm.integrations.testing.support.FreePorts;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A page driven as a person would, on a tiny site served by the JDK's HTTP server, and a second origin beside it. */
class PageTest {

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private static Chromium chromium;
    private static TestSite app;
    private static TestSite consent;

    private Page page;

    @BeforeAll
    static void startBrowserAndSites() {
        if (!Chromium.isInstalled()) {
            return; // each test is skipped, with the reason (an assumption here would hide the tests from the report)
        }
        app = TestSite.start();
        consent = TestSite.start();
        Map<String, String> origins = Map.of("app", app.origin(), "consent", consent.origin());
        app.page("integrations.html", origins).page("callback.html", origins).page("errors.html", origins)
                .json("/api/status", "{\"status\": \"connected\"}")
                .redirect("/oauth/start", consent.url("/consent.html?return=" + app.url("/callback.html")));
        consent.page("consent.html", origins);
        chromium = Chromium.start();
    }

    @AfterAll
    static void stopBrowserAndSites() {
        for (AutoCloseable resource : Arrays.asList(chromium, app, consent)) {
            if (resource != null) {
                try {
                    resource.close();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        }
    }

    @BeforeEach
    void openPage() {
        assumeTrue(Chromium.isInstalled(), Chromium.notInstalledReason());
        page = chromium.newPage();
    }

    @AfterEach
    void closePage() {
        if (page != null) {
            page.close();
        }
    }

    @Test
    void navigatesAndEvaluatesAwaitingPromises() {
        // When
        page.navigate(app.url("/integrations.html"));

        // Then
        assertEquals("Integrations", page.evaluate("document.title").asText());
        JsonNode status = page.evaluate("fetch('/api/status').then(response => response.json())");
        assertEquals("connected", status.path("status").asText());
        assertTrue(page.evaluate("undefined").isNull());
        assertEquals(app.url("/integrations.html"), page.url());
    }

    @Test
    void anExceptionInThePageCarriesItsMessageAndStack() {
        // Given
        page.navigate(app.url("/integrations.html"));

        // When
        PageException thrown = assertThrows(PageException.class,
                () -> page.evaluate("(function checkToken() { throw new TypeError('token expired'); })()"));
        PageException rejected = assertThrows(PageException.class, () -> page.evaluate("Promise.reject(new Error('refused'))"));

        // Then
        assertEquals("TypeError: token expired", thrown.jsMessage());
        assertTrue(thrown.jsStack().contains("at checkToken"), thrown.jsStack());
        assertTrue(thrown.getMessage().contains("token expired") && thrown.getMessage().contains("checkToken"), thrown.getMessage());
        assertEquals("Error: refused", rejected.jsMessage());
    }

    @Test
    void aNavigationTheBrowserCannotMakeFailsWithItsReason() {
        // Given
        String nobodyListens = "http://" + FreePorts.LOOPBACK + ":" + FreePorts.next() + "/";

        // When
        IllegalStateException failure = assertThrows(IllegalStateException.class, () -> page.navigate(nobodyListens));

        // Then
        assertTrue(failure.getMessage().contains("net::ERR_CONNECTION_REFUSED"), failure.getMessage());
    }

    @Test
    void aProtocolErrorCarriesTheBrowsersMessage() {
        // When
        DevToolsException failure = assertThrows(DevToolsException.class, () -> page.devTools().send("Page.noSuchCommand"));

        // Then
        assertEquals("Page.noSuchCommand", failure.method());
        assertTrue(failure.getMessage().contains("'Page.noSuchCommand' wasn't found"), failure.getMessage());
    }

    @Test
    void clickChangesTheDom() {
        // Given
        page.navigate(app.url("/integrations.html"));

        // When
        page.click("#load").click("#far");

        // Then
        page.waitUntil("document.getElementById('status').textContent === 'connected'");
        assertEquals("clicked", page.text("#far-result"));
        assertTrue(page.evaluate("scrollY").asInt() > 0, "the button far below was scrolled into view");
    }

    @Test
    void clickRefusesWhatAPersonCouldNotClick() {
        // Given
        page.navigate(app.url("/integrations.html"));

        // When
        IllegalStateException hidden = assertThrows(IllegalStateException.class, () -> page.click("#hidden"));
        IllegalStateException covered = assertThrows(IllegalStateException.class, () -> page.click("#covered"));
        IllegalStateException missing = assertThrows(IllegalStateException.class, () -> page.click("#nothing"));

        // Then
        assertTrue(hidden.getMessage().contains("button#hidden \"Hidden\" takes no space (0x0)"), hidden.getMessage());
        assertTrue(covered.getMessage().contains("the topmost element is div#cover \"A banner over the button\""), covered.getMessage());
        assertTrue(missing.getMessage().contains("#nothing: no element matches it"), missing.getMessage());
    }

    @Test
    void keyboardMovesFocusTypesAndSubmits() {
        // Given
        page.navigate(app.url("/integrations.html"));

        // When
        page.press(Key.TAB);
        String first = page.focusedElement();
        page.press(Key.TAB);
        String second = page.focusedElement();
        page.press(Key.TAB, Key.Modifier.SHIFT).type("Work calendar").press(Key.ENTER).press(Key.ESCAPE);

        // Then
        assertEquals("input#name", first);
        assertEquals("button#save \"Save\"", second);
        assertEquals("saved Work calendar", page.text("#saved"));
        assertEquals("escaped", page.text("#keys"));
    }

    @Test
    void confirmDialogsAreAnsweredAndRecorded() {
        // Given
        page.navigate(app.url("/integrations.html"));

        // When
        page.click("#disconnect");
        String dismissed = page.text("#result");
        page.acceptDialogs().click("#disconnect");

        // Then
        assertEquals("kept", dismissed);
        assertEquals("disconnected", page.text("#result"));
        assertEquals(List.of(new Dialog("confirm", "Disconnect Google Calendar?", false),
                new Dialog("confirm", "Disconnect Google Calendar?", true)), page.dialogs());
    }

    @Test
    void collectsConsoleErrorsUncaughtExceptionsAndFailedLoads() {
        // When
        page.navigate(app.url("/errors.html"));

        // Then
        assertTrue(Eventually.within(Duration.ofSeconds(10), () -> page.errors().size() >= 3), () -> "errors: " + page.errors());
        List<String> errors = page.errors().stream().map(ConsoleMessage::toString).toList();
        assertEquals(3, errors.size(), errors::toString);
        assertTrue(errors.contains("[console error] Mailchimp said no 429 (" + app.url("/errors.html") + ":7)"), errors::toString);
        assertTrue(errors.stream().anyMatch(e -> e.startsWith("[exception error] Uncaught Error: boom")), errors::toString);
        assertTrue(errors.stream().anyMatch(e -> e.startsWith("[network error] Failed to load resource: the server responded with a"
                + " status of 404") && e.contains("/missing.json")), errors::toString);
    }

    @Test
    void aCleanPageLogsNoError() {
        // When
        page.navigate(app.url("/integrations.html")).click("#load").waitUntil("document.getElementById('status').textContent === 'connected'");

        // Then
        assertEquals(List.of(), page.errors());
    }

    @Test
    void followsANavigationToAnotherOriginAndBack() {
        // Given
        page.navigate(app.url("/integrations.html"));

        // When
        page.click("#connect").waitUntil("location.origin === '" + consent.origin() + "' && document.readyState === 'complete'");
        String consentHeading = page.text("h1");
        page.click("#allow").waitUntil("location.pathname === '/callback.html' && document.readyState === 'complete'");

        // Then
        assertEquals("Allow access?", consentHeading);
        assertEquals("granted", page.text("#code"));
        assertEquals(app.url("/callback.html?code=granted"), page.url());
        assertTrue(page.consoleMessages().stream().anyMatch(m -> m.text().equals("consent shown")), () -> page.consoleMessages().toString());
    }

    @Test
    void navigateFollowsARedirectToAnotherOrigin() {
        // When
        page.navigate(app.url("/oauth/start"));

        // Then
        assertEquals(consent.url("/consent.html?return=" + app.url("/callback.html")), page.url());
        assertEquals("Allow access?", page.text("h1"));
    }

    @Test
    void waitUntilTellsTheLastValueWhenItGivesUp() {
        // Given
        page.navigate(app.url("/integrations.html"));

        // When
        AssertionError stillFalse = assertThrows(AssertionError.class,
                () -> page.waitUntil("document.getElementById('status').textContent === 'never'", Duration.ofMillis(300)));
        AssertionError stillThrowing = assertThrows(AssertionError.class,
                () -> page.waitUntil("document.querySelector('#nothing').textContent", Duration.ofMillis(300)));

        // Then
        assertTrue(stillFalse.getMessage().startsWith("Still not true after 0.3 s: document.getElementById('status').textContent"
                + " === 'never'\n  last value: false"), stillFalse.getMessage());
        assertTrue(stillThrowing.getMessage().contains("last value: threw TypeError: Cannot read properties of null"),
                stillThrowing.getMessage());
    }

    @Test
    void screenshotsTheWholePageAtDesktopAndPhoneWidths() throws IOException {
        // Given
        page.navigate(app.url("/integrations.html"));

        // When
        Path desktop = page.screenshot(SCREENSHOTS.resolve("integrations-desktop.png"));
        int desktopHeight = page.evaluate("document.documentElement.scrollHeight").asInt();
        page.viewport(Viewport.PHONE);
        int phoneWidth = page.evaluate("innerWidth").asInt();
        int phoneHeight = page.evaluate("document.documentElement.scrollHeight").asInt();
        Path phone = page.screenshot(SCREENSHOTS.resolve("integrations-phone.png"));

        // Then
        assertEquals(390, phoneWidth);
        assertTrue(desktopHeight > Viewport.DESKTOP.height(), "the page is longer than the viewport: " + desktopHeight);
        assertEquals(List.of(1280, desktopHeight), pngSize(desktop));
        assertEquals(List.of(390 * 3, phoneHeight * 3), pngSize(phone));
    }

    /** Width and height from a PNG's IHDR chunk, after checking its signature. */
    private static List<Integer> pngSize(Path png) throws IOException {
        try (InputStream in = Files.newInputStream(png); DataInputStream data = new DataInputStream(in)) {
            byte[] signature = new byte[8];
            data.readFully(signature);
            assertTrue(Arrays.equals(PNG_SIGNATURE, signature), png + " is not a PNG");
            data.readInt(); // the IHDR chunk's length
            byte[] type = new byte[4];
            data.readFully(type);
            assertEquals("IHDR", new String(type, java.nio.charset.StandardCharsets.US_ASCII));
            return List.of(data.readInt(), data.readInt());
        }
    }
}
