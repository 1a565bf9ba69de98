package com.crm.integrations.testing.browser;

/** A script evaluated in a page threw (or its promise rejected): the JavaScript message, with its stack. */
public class PageException extends RuntimeException {

    private final String jsMessage;
    private final String jsStack;

    public PageException(String jsMessage, String jsStack, String expression) {
        super(jsStack.isEmpty() ? jsMessage + "\n  evaluating: " + abbreviate(expression)
                : jsStack + "\n  evaluating: " + abbreviate(expression));
        this.jsMessage = jsMessage;
        this.jsStack = jsStack;
    }

    /** The JavaScript error's message line, e.g. {@code TypeError: x is undefined}. */
    public String jsMessage() {
        return jsMessage;
    }

    /** The JavaScript error's stack as the page printed it, message included; empty when a non-error was thrown. */
    public String jsStack() {
        return jsStack;
    }

    private static String abbreviate(String expression) {
        String line = expression.strip().replaceAll("\\s+", " ");
        return line.length() > 200 ? line.substring(0, 200) + " …" : line;
    }
}
