package com.crm.integrations.testing.browser;

/**
 * Something a page logged: a {@code console.*} call ({@code source} {@code console}), an exception nothing caught
 * ({@code exception}), or the browser's own report about it, such as a resource that failed to load
 * ({@code network}, {@code javascript}, … from the {@code Log} domain).
 *
 * @param level {@code error}, {@code warning}, {@code info}, {@code log}, {@code debug}, … ({@code console.assert}
 *        failures and uncaught exceptions are {@code error})
 * @param text what was logged: the arguments joined by spaces, or the exception with its stack
 * @param location {@code url:line} where it came from, empty when unknown
 */
public record ConsoleMessage(String source, String level, String text, String location) {

    public boolean isError() {
        return "error".equals(level);
    }

    @Override
    public String toString() {
        return "[" + source + " " + level + "] " + text + (location.isEmpty() ? "" : " (" + location + ")");
    }
}
