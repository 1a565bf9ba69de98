package com.crm.integrations.sandbox.control;

import com.crm.integrations.sandbox.error.InvalidRequestException;

/**
 * The path a rule applies to: exact ({@code /idp/token}) or a prefix ending in {@code *}
 * ({@code /idp/*}, {@code /*}). Never {@code /control/**} or {@code /q/**}, which rules do not touch.
 */
public record PathPattern(String value) {

    private static final int MAX_LENGTH = 2048;

    public PathPattern {
        if (value == null || value.isEmpty()) {
            throw new InvalidRequestException("path is required");
        }
        if (!value.startsWith("/")) {
            throw new InvalidRequestException("path must start with /");
        }
        if (value.length() > MAX_LENGTH) {
            throw new InvalidRequestException("path must be at most " + MAX_LENGTH + " characters");
        }
        int star = value.indexOf('*');
        if (star >= 0 && star != value.length() - 1) {
            throw new InvalidRequestException("path may hold one *, at its end");
        }
        if (value.chars().anyMatch(c -> c <= 0x20 || c == 0x7F)) {
            throw new InvalidRequestException("path must not contain spaces or control characters");
        }
        String fixed = star >= 0 ? value.substring(0, star) : value;
        if (isUncontrolled(fixed)) {
            throw new InvalidRequestException("rules never apply to /control/** and /q/**");
        }
    }

    /** Whether the fault-control rules leave this request path alone: the control API itself and Quarkus' {@code /q/**}. */
    public static boolean isUncontrolled(String path) {
        return isUnder(path, "/control") || isUnder(path, "/q");
    }

    public boolean matches(String path) {
        return value.endsWith("*") ? path.startsWith(value.substring(0, value.length() - 1)) : value.equals(path);
    }

    private static boolean isUnder(String path, String root) {
        return path.startsWith(root) && (path.length() == root.length() || path.charAt(root.length()) == '/');
    }

    @Override
    public String toString() {
        return value;
    }
}
