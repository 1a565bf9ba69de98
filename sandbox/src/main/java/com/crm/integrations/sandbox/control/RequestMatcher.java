package com.crm.integrations.sandbox.control;

import java.util.Locale;
import java.util.regex.Pattern;

import com.crm.integrations.sandbox.error.InvalidRequestException;

/**
 * Which requests a rule applies to: an HTTP method ({@code null} for any) and a path pattern.
 */
public record RequestMatcher(String method, PathPattern path) {

    private static final Pattern METHOD = Pattern.compile("[A-Za-z]{1,20}");

    public RequestMatcher {
        if (method != null) {
            if (!METHOD.matcher(method).matches()) {
                throw new InvalidRequestException("method must be an HTTP method name such as GET or POST");
            }
            method = method.toUpperCase(Locale.ROOT);
        }
    }

    public static RequestMatcher of(String method, String path) {
        return new RequestMatcher(method, new PathPattern(path));
    }

    public boolean matches(String requestMethod, String requestPath) {
        return (method == null || method.equals(requestMethod)) && path.matches(requestPath);
    }
}
