package com.crm.integrations.testing.browser;

/**
 * A Chrome DevTools Protocol command that failed: the browser answered with an error (its message is in
 * this exception's), gave no answer in time, or the connection closed.
 */
public class DevToolsException extends RuntimeException {

    private final String method;

    public DevToolsException(String method, String message) {
        super(message);
        this.method = method;
    }

    public DevToolsException(String method, String message, Throwable cause) {
        super(message, cause);
        this.method = method;
    }

    /** The command that failed, e.g. {@code Page.navigate}. */
    public String method() {
        return method;
    }
}
