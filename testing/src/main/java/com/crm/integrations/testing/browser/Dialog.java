package com.crm.integrations.testing.browser;

/**
 * A JavaScript dialog the page opened and how it was answered ({@link Page#dialogs()}).
 *
 * @param type {@code alert}, {@code confirm}, {@code prompt} or {@code beforeunload}
 * @param message the text the user was shown
 * @param accepted whether it was answered OK (an {@code alert} always is)
 */
public record Dialog(String type, String message, boolean accepted) {
}
