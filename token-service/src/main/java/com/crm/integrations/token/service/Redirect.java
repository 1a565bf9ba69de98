package com.crm.integrations.token.service;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/** Where to send the browser in the OAuth flow, and the flow's cookie to set (or clear) on the way. */
public record Redirect(URI location, Optional<Cookie> cookie) {

    public Redirect {
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(cookie, "cookie");
    }

    /** A cookie of the flow: HttpOnly, SameSite=Lax, on the callback's path; {@code maxAge} zero clears it. */
    public record Cookie(String name, String value, String path, Duration maxAge, boolean secure) {
        @Override
        public String toString() {
            return "Cookie[name=" + name + ", path=" + path + "]";
        }
    }
}
