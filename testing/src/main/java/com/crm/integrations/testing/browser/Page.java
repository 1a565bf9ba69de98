package com.crm.integrations.testing.browser;

import com.crm.integrations.testing.support.WorkArea;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * One page (tab) of a {@link Chromium}, driven over its own DevTools connection: navigation, scripts, real mouse and
 * keyboard input, viewports, screenshots, and what the page logged and asked.
 *
 * <p>From its start the page records every console message, uncaught exception and browser log entry
 * ({@link #consoleMessages()}, {@link #errors()}) and every JavaScript dialog ({@link #dialogs()}), across
 * navigations, to other origins too: the target and its connection stay the same. {@code confirm()} and
 * {@code prompt()} are dismissed until {@link #acceptDialogs()}; {@code alert()} is acknowledged and
 * {@code beforeunload} lets the page go.
 */
public final class Page implements AutoCloseable {

    /** How long {@link #waitUntil(String)} waits. */
    public static final Duration WAIT_TIMEOUT = Duration.ofSeconds(15);
    /** How long {@link #navigate(String)} waits for the page's load event. */
    public static final Duration LOAD_TIMEOUT = Duration.ofSeconds(30);

    private static final long POLL_MILLIS = 50;
    /** A JavaScript function naming an element briefly: {@code button#save.primary "Save"}. */
    private static final String DESCRIBE = "const describe = (e) => !e ? 'nothing' : e.tagName.toLowerCase()"
            + " + (e.id ? '#' + e.id : '') + [...e.classList].map(c => '.' + c).join('')"
            + " + ((e.innerText || e.value || '').trim() ? ' \"' + (e.innerText || e.value).trim().replace(/\\s+/g, ' ').slice(0, 40) + '\"' : '');";
    /**
     * Scrolls the element into the middle of the viewport and finds its centre, or says why a person could not click
     * it there: nothing matches, it takes no space, or another element is on top at that point.
     */
    private static final String CLICK_TARGET = "(selector) => {" + DESCRIBE
            + " const element = document.querySelector(selector);"
            + " if (!element) { return {problem: 'no element matches it'}; }"
            + " element.scrollIntoView({block: 'center', inline: 'center', behavior: 'instant'});"
            + " const box = element.getBoundingClientRect();"
            + " if (box.width < 1 || box.height < 1) { return {problem: describe(element) + ' takes no space (' + box.width + 'x'"
            + "   + box.height + '): it is not displayed'}; }"
            + " const x = box.left + box.width / 2, y = box.top + box.height / 2;"
            + " if (x < 0 || y < 0 || x >= innerWidth || y >= innerHeight) { return {problem: describe(element)"
            + "   + ' has its centre outside the viewport, at ' + x + ',' + y}; }"
            + " const top = document.elementFromPoint(x, y);"
            + " if (top !== element && !element.contains(top)) { return {problem: describe(element) + ' is hidden or covered:'"
            + "   + ' at its centre (' + Math.round(x) + ',' + Math.round(y) + ') the topmost element is ' + describe(top)}; }"
            + " return {x, y}; }";
    private static final Set<String> ANSWERED_BY_POLICY = Set.of("confirm", "prompt");

    private final Chromium chromium;
    private final String targetId;
    private final DevTools devTools;
    private final List<ConsoleMessage> console = new CopyOnWriteArrayList<>();
    private final List<Dialog> dialogs = new CopyOnWriteArrayList<>();
    private volatile boolean acceptDialogs;
    private volatile Viewport viewport;

    Page(Chromium chromium, String targetId, DevTools devTools) {
        this.chromium = chromium;
        this.targetId = targetId;
        this.devTools = devTools;
        devTools.on("Runtime.consoleAPICalled", this::consoleCalled);
        devTools.on("Runtime.exceptionThrown", this::exceptionThrown);
        devTools.on("Log.entryAdded", this::logEntry);
        devTools.on("Page.javascriptDialogOpening", this::dialogOpening);
        devTools.send("Page.enable");
        devTools.send("Page.setLifecycleEventsEnabled", Map.of("enabled", true));
        devTools.send("Runtime.enable");
        devTools.send("Log.enable");
        viewport(Viewport.DESKTOP);
    }

    /**
     * Goes to {@code url} and returns once its load event fired (at once for a change of the fragment alone).
     *
     * @throws IllegalStateException when the browser cannot load it at all ({@code net::ERR_CONNECTION_REFUSED}, …);
     *         a page the server answered with an error status loads like any other
     */
    public Page navigate(String url) {
        LoadEvents loads = new LoadEvents();
        try (DevTools.Subscription subscription = devTools.on("Page.lifecycleEvent", loads::add)) {
            JsonNode navigated = devTools.send("Page.navigate", Map.of("url", url));
            if (navigated.hasNonNull("errorText") && !navigated.path("errorText").asText().isEmpty()) {
                throw new IllegalStateException("Cannot load " + url + ": " + navigated.path("errorText").asText());
            }
            if (navigated.hasNonNull("loaderId")) {
                loads.await(navigated.path("frameId").asText(), navigated.path("loaderId").asText(), url);
            }
        }
        return this;
    }

    /** {@code location.href}. */
    public String url() {
        return evaluate("location.href").asText();
    }

    /**
     * Evaluates a JavaScript expression in the page's main frame, waits for it if it is a promise, and returns its
     * value as JSON ({@code undefined} as {@code null}, {@code NaN} and the like as their text, a DOM node as
     * {@code {}}).
     *
     * @throws PageException with the JavaScript message and stack when it throws or the promise rejects
     */
    public JsonNode evaluate(String expression) {
        return valueOf(remoteObject(expression));
    }

    /** The trimmed {@code textContent} of the element {@code selector} matches; fails when none does. */
    public String text(String selector) {
        JsonNode text = evaluate("document.querySelector(" + js(selector) + ")?.textContent ?? null");
        if (text.isNull()) {
            throw new IllegalStateException("No element matches " + selector + " on " + url());
        }
        return text.asText().strip();
    }

    /** {@link #waitUntil(String, Duration)} for {@link #WAIT_TIMEOUT}. */
    public Page waitUntil(String condition) {
        return waitUntil(condition, WAIT_TIMEOUT);
    }

    /**
     * Evaluates {@code condition} (a JavaScript expression, awaited if a promise) every 50 ms until its value is
     * truthy. While it throws (say, during a navigation or before an element exists) it counts as not yet true.
     *
     * @throws AssertionError after {@code timeout}, naming the condition and its last value or error
     */
    public Page waitUntil(String condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last;
        while (true) {
            try {
                JsonNode remote = remoteObject(condition);
                if (isTruthy(remote)) {
                    return this;
                }
                last = describe(remote);
            } catch (PageException e) {
                last = "threw " + e.jsMessage();
            } catch (DevToolsException e) {
                if (!devTools.isOpen()) {
                    throw e;
                }
                last = "could not be evaluated: " + e.getMessage();
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Still not true after " + DevTools.seconds(timeout) + ": " + condition + "\n  last value: "
                        + last + "\n  page: " + safeUrl());
            }
            WorkArea.sleep(POLL_MILLIS);
        }
    }

    /**
     * Clicks the element {@code selector} matches as a person would: scrolls it into view, then presses and releases
     * the left mouse button at its centre ({@code Input.dispatchMouseEvent}). Returns once the page handled the click
     * (a dialog it opened answered, see {@link #acceptDialogs()}); what the click started asynchronously may still run:
     * {@link #waitUntil(String)} for its outcome.
     *
     * @throws IllegalStateException when nothing matches, or it is not displayed, or another element covers its centre
     *         (the click would not reach it)
     */
    public Page click(String selector) {
        JsonNode target = evaluate("(" + CLICK_TARGET + ")(" + js(selector) + ")");
        if (target.has("problem")) {
            throw new IllegalStateException("Cannot click " + selector + ": " + target.path("problem").asText() + " (on " + safeUrl()
                    + ")");
        }
        double x = target.path("x").asDouble();
        double y = target.path("y").asDouble();
        mouse("mouseMoved", x, y, 0);
        mouse("mousePressed", x, y, 1);
        mouse("mouseReleased", x, y, 0);
        return this;
    }

    /** Types {@code text} into the focused element ({@code Input.insertText}: {@code input} events, no key events). */
    public Page type(String text) {
        devTools.send("Input.insertText", Map.of("text", text));
        return this;
    }

    /** Presses and releases a key, with modifiers held ({@code press(Key.TAB, Modifier.SHIFT)} moves focus back). */
    public Page press(Key key, Key.Modifier... modifiers) {
        int bits = 0;
        for (Key.Modifier modifier : modifiers) {
            bits |= modifier.bit();
        }
        Map<String, Object> down = Map.of("type", key.text().isEmpty() ? "rawKeyDown" : "keyDown", "key", key.key(), "code",
                key.code(), "windowsVirtualKeyCode", key.keyCode(), "nativeVirtualKeyCode", key.keyCode(), "modifiers", bits,
                "text", key.text(), "unmodifiedText", key.text());
        devTools.send("Input.dispatchKeyEvent", down);
        devTools.send("Input.dispatchKeyEvent", Map.of("type", "keyUp", "key", key.key(), "code", key.code(),
                "windowsVirtualKeyCode", key.keyCode(), "nativeVirtualKeyCode", key.keyCode(), "modifiers", bits));
        return this;
    }

    /** The focused element, briefly: {@code button#save.primary "Save"} ({@code body} when nothing has focus). */
    public String focusedElement() {
        return evaluate("(() => {" + DESCRIBE + " return describe(document.activeElement); })()").asText();
    }

    /** Shows the page on this viewport ({@link Viewport#DESKTOP} from the start). */
    public Page viewport(Viewport viewport) {
        devTools.send("Emulation.setDeviceMetricsOverride", Map.of("width", viewport.width(), "height", viewport.height(),
                "deviceScaleFactor", viewport.deviceScaleFactor(), "mobile", viewport.mobile()));
        this.viewport = viewport;
        return this;
    }

    public Viewport viewport() {
        return viewport;
    }

    /**
     * Writes a PNG of the whole page, beyond the viewport, to {@code file} (its directory created): as wide as the
     * page's content, at least the viewport, in device pixels.
     */
    public Path screenshot(Path file) {
        JsonNode size = devTools.send("Page.getLayoutMetrics").path("cssContentSize");
        double width = Math.max(viewport.width(), Math.ceil(size.path("width").asDouble()));
        double height = Math.max(viewport.height(), Math.ceil(size.path("height").asDouble()));
        JsonNode shot = devTools.send("Page.captureScreenshot", Map.of("format", "png", "captureBeyondViewport", true,
                "clip", Map.of("x", 0, "y", 0, "width", width, "height", height, "scale", 1)));
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Files.write(file, Base64.getDecoder().decode(shot.path("data").asText()));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the screenshot " + file, e);
        }
        return file;
    }

    /** Everything logged since the page opened, in order. */
    public List<ConsoleMessage> consoleMessages() {
        return List.copyOf(console);
    }

    /**
     * The errors among {@link #consoleMessages()}: {@code console.error}, failed {@code console.assert}, uncaught
     * exceptions and rejections, resources that failed to load. {@code assertEquals(List.of(), page.errors())}.
     */
    public List<ConsoleMessage> errors() {
        return console.stream().filter(ConsoleMessage::isError).toList();
    }

    /** Answers every later {@code confirm()} and {@code prompt()} (with its default text) OK. */
    public Page acceptDialogs() {
        acceptDialogs = true;
        return this;
    }

    /** Answers every later {@code confirm()} and {@code prompt()} Cancel, as from the start. */
    public Page dismissDialogs() {
        acceptDialogs = false;
        return this;
    }

    /** The dialogs the page opened, in order, with their answers. */
    public List<Dialog> dialogs() {
        return List.copyOf(dialogs);
    }

    /** The page's own DevTools connection, for commands this class does not wrap. */
    public DevTools devTools() {
        return devTools;
    }

    public String targetId() {
        return targetId;
    }

    /** Closes the tab ({@code Target.closeTarget}) and its connection. */
    @Override
    public void close() {
        disconnect();
        chromium.closed(this);
    }

    @Override
    public String toString() {
        return "Page " + targetId;
    }

    void disconnect() {
        devTools.close();
    }

    /** A value as a JavaScript literal (JSON). */
    static String js(Object value) {
        try {
            return DevTools.JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private JsonNode remoteObject(String expression) {
        JsonNode answer = devTools.send("Runtime.evaluate", Map.of("expression", expression, "awaitPromise", true,
                "returnByValue", true));
        JsonNode details = answer.get("exceptionDetails");
        if (details != null) {
            JsonNode exception = details.path("exception");
            String stack = exception.path("description").asText("");
            String message = !stack.isEmpty() ? stack.lines().findFirst().orElse(stack)
                    : exception.has("value") ? details.path("text").asText() + " " + exception.path("value")
                    : details.path("text").asText();
            throw new PageException(message, stack, expression);
        }
        return answer.path("result");
    }

    private static JsonNode valueOf(JsonNode remote) {
        if (remote.has("unserializableValue")) {
            return TextNode.valueOf(remote.path("unserializableValue").asText());
        }
        return remote.has("value") ? remote.get("value") : NullNode.getInstance();
    }

    /** JavaScript's truthiness of an evaluated value. */
    private static boolean isTruthy(JsonNode remote) {
        JsonNode value = remote.get("value");
        return switch (remote.path("type").asText()) {
            case "undefined" -> false;
            case "boolean" -> value.asBoolean();
            case "string" -> !value.asText().isEmpty();
            case "number" -> value != null ? value.asDouble() != 0 : !Set.of("NaN", "-0").contains(remote.path("unserializableValue").asText());
            case "bigint" -> !"0n".equals(remote.path("unserializableValue").asText());
            case "object" -> !"null".equals(remote.path("subtype").asText());
            default -> true;
        };
    }

    private static String describe(JsonNode remote) {
        JsonNode value = valueOf(remote);
        return "undefined".equals(remote.path("type").asText()) ? "undefined" : value.toString();
    }

    private String safeUrl() {
        try {
            return url();
        } catch (RuntimeException e) {
            return "(unknown: " + e.getMessage() + ")";
        }
    }

    private void mouse(String type, double x, double y, int buttons) {
        devTools.send("Input.dispatchMouseEvent", Map.of("type", type, "x", x, "y", y, "button", type.equals("mouseMoved") ? "none"
                : "left", "buttons", buttons, "clickCount", type.equals("mouseMoved") ? 0 : 1));
    }

    private void consoleCalled(JsonNode params) {
        String type = params.path("type").asText();
        List<String> args = new ArrayList<>();
        params.path("args").forEach(arg -> args.add(argumentText(arg)));
        String level = switch (type) {
            case "error", "assert" -> "error";
            case "warning" -> "warning";
            default -> type;
        };
        JsonNode frame = params.path("stackTrace").path("callFrames").path(0);
        console.add(new ConsoleMessage("console", level, String.join(" ", args), location(frame.path("url").asText(""),
                frame.path("lineNumber"))));
    }

    /** A console argument as the console shows it: a string as it is, a value as JSON, an object by its description. */
    private static String argumentText(JsonNode arg) {
        JsonNode value = arg.get("value");
        if (value != null) {
            return value.isTextual() ? value.asText() : value.toString();
        }
        return arg.path("unserializableValue").asText(arg.path("description").asText(arg.path("type").asText()));
    }

    private void exceptionThrown(JsonNode params) {
        JsonNode details = params.path("exceptionDetails");
        JsonNode exception = details.path("exception");
        String what = exception.has("description") ? exception.path("description").asText()
                : exception.has("value") ? exception.path("value").toString() : "";
        String text = (details.path("text").asText("Uncaught") + " " + what).strip();
        console.add(new ConsoleMessage("exception", "error", text, location(details.path("url").asText(""), details.path("lineNumber"))));
    }

    private void logEntry(JsonNode params) {
        JsonNode entry = params.path("entry");
        console.add(new ConsoleMessage(entry.path("source").asText(), entry.path("level").asText(), entry.path("text").asText(),
                location(entry.path("url").asText(""), entry.path("lineNumber"))));
    }

    private void dialogOpening(JsonNode params) {
        String type = params.path("type").asText();
        boolean accept = !ANSWERED_BY_POLICY.contains(type) || acceptDialogs;
        dialogs.add(new Dialog(type, params.path("message").asText(), accept));
        devTools.sendAsync("Page.handleJavaScriptDialog", accept ? Map.of("accept", true, "promptText",
                params.path("defaultPrompt").asText("")) : Map.of("accept", false));
    }

    /** {@code url:line} (1-based), or the URL alone, or empty. */
    private static String location(String url, JsonNode zeroBasedLine) {
        if (url.isEmpty()) {
            return "";
        }
        return zeroBasedLine.isNumber() ? url + ":" + (zeroBasedLine.asInt() + 1) : url;
    }

    /** The load events seen while a navigation is under way. */
    private static final class LoadEvents {

        private final List<JsonNode> events = new ArrayList<>();

        synchronized void add(JsonNode event) {
            if ("load".equals(event.path("name").asText())) {
                events.add(event);
                notifyAll();
            }
        }

        /** Waits for the load event of this frame's document from this loader. */
        synchronized void await(String frameId, String loaderId, String url) {
            long deadline = System.nanoTime() + LOAD_TIMEOUT.toNanos();
            while (events.stream().noneMatch(e -> frameId.equals(e.path("frameId").asText()) && loaderId.equals(e.path("loaderId").asText()))) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    throw new AssertionError(url + " did not finish loading within " + DevTools.seconds(LOAD_TIMEOUT));
                }
                try {
                    wait(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("Interrupted while loading " + url, e);
                }
            }
        }
    }
}
