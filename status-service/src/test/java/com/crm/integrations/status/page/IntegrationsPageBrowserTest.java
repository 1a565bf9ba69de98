package com.crm.integrations.status.page;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.crm.integrations.status.StatusInfrastructure;
import com.crm.integrations.testing.browser.Axe;
import com.crm.integrations.testing.browser.Chromium;
import com.crm.integrations.testing.browser.Page;
import com.crm.integrations.testing.browser.Viewport;
import com.crm.integrations.testing.contract.TestUser;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The integrations page in headless Chromium against the real suite: the cards render, Connect goes through the
 * sandbox's Google consent in the window the page opens and the card turns active without a reload, Disconnect turns
 * it inactive; no accessibility violation (axe-core) at desktop and phone width, and no error in the console.
 * Screenshots: {@code target/screenshots/}.
 */
@QuarkusTest
@WithTestResource(StatusInfrastructure.class)
class IntegrationsPageBrowserTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private Chromium chromium;
    private Page page;
    private TestUser ana;

    @BeforeEach
    void openThePage() throws Exception {
        assumeTrue(Chromium.isInstalled(), Chromium::notInstalledReason);
        Files.createDirectories(SCREENSHOTS);
        chromium = Chromium.start();
        ana = TestUser.fresh();
        page = chromium.newPage();
        page.navigate(appUrl() + "/integrations/#token=" + ana.adminToken());
        page.waitUntil("document.querySelectorAll('article[data-integration]').length === 4", WAIT);
    }

    @AfterEach
    void closeTheBrowser() {
        if (chromium != null) {
            chromium.close();
        }
    }

    @Test
    void showsEveryCardAccessiblyAtDesktopAndPhoneWidth() {
        assertEquals("inactive", card("google-calendar", "dataset.status"));
        assertTrue(page.text("article[data-integration='mapbox']").contains("Mapbox"));
        assertTrue(!page.evaluate("location.hash").asText().contains("token"), "the token is taken out of the address bar");

        Axe.load().assertNoViolations(page);
        page.screenshot(SCREENSHOTS.resolve("integrations-desktop.png"));
        page.viewport(Viewport.PHONE);
        page.waitUntil("document.documentElement.scrollWidth <= window.innerWidth", WAIT);
        Axe.load().assertNoViolations(page);
        page.screenshot(SCREENSHOTS.resolve("integrations-phone.png"));
        assertEquals(List.of(), page.errors());
    }

    @Test
    void connectsThroughTheProvidersConsentAndDisconnectsWithoutAReload() {
        Set<String> before = chromium.pageTargets();
        page.click("article[data-integration='google-calendar'] [data-action='connect']");

        Page consent = chromium.awaitNewPage(before, WAIT);
        consent.waitUntil("document.querySelector(\"button[value='approve']\") !== null", WAIT);
        consent.evaluate("document.querySelector(\"input[name='account']\").value = '" + ana.email() + "'");
        consent.click("button[value='approve']");

        page.waitUntil("document.querySelector(\"article[data-integration='google-calendar']\").dataset.status === 'active'", WAIT);
        page.screenshot(SCREENSHOTS.resolve("integrations-connected.png"));
        assertEquals("active", card("google-calendar", "dataset.status"));
        assertEquals(Boolean.TRUE, page.evaluate("performance.getEntriesByType('navigation').length === 1").asBoolean(),
                "the page was not reloaded");

        page.click("article[data-integration='google-calendar'] [data-action='disconnect']");
        page.waitUntil("document.getElementById('confirm-dialog').open", WAIT);
        String confirmation = page.text("#confirm-dialog");
        assertTrue(confirmation.contains("Google"), confirmation);
        page.click("#confirm-accept");

        page.waitUntil("document.querySelector(\"article[data-integration='google-calendar']\").dataset.status === 'inactive'", WAIT);
        assertEquals(List.of(), page.errors());
    }

    private String card(String integration, String property) {
        return page.evaluate("document.querySelector(\"article[data-integration='" + integration + "']\")." + property).asText();
    }

    private static String appUrl() {
        return ConfigProvider.getConfig().getValue("integrations.test.app-url", String.class);
    }
}
