package com.crm.integrations.sandbox.calendar.service;

import java.util.Optional;
import java.util.Set;

import jakarta.inject.Singleton;

import com.crm.integrations.sandbox.provider.Grant;
import com.crm.integrations.sandbox.provider.Provider;
import com.crm.integrations.sandbox.provider.service.ActiveGrants;

/**
 * Who a calendar API request speaks for and what it may do: the grant of its bearer token (only one the provider's OAuth
 * stand-in issued, unexpired and not revoked) and the scopes a read or a write needs. The gate asks for single calls, the
 * batches for each inner request.
 */
@Singleton
public class CalendarAccess {

    private static final String GOOGLE_SCOPE = "https://www.googleapis.com/auth/";
    private static final Set<String> GOOGLE_WRITE = Set.of(GOOGLE_SCOPE + "calendar", GOOGLE_SCOPE + "calendar.events");
    private static final Set<String> GOOGLE_READ = Set.of(GOOGLE_SCOPE + "calendar.readonly", GOOGLE_SCOPE + "calendar.events.readonly");
    private static final String GRAPH_SCOPE = "https://graph.microsoft.com/";

    private final ActiveGrants grants;

    CalendarAccess(ActiveGrants grants) {
        this.grants = grants;
    }

    /** @param authorization the {@code Authorization} header, {@code null} when absent */
    public Optional<Grant> grant(Provider provider, String authorization) {
        return bearer(authorization).flatMap(token -> grants.ofAccessToken(provider, token));
    }

    /** Google {@code calendar} or {@code calendar.events} (or their {@code .readonly} for a read); Graph {@code Calendars.ReadWrite} ({@code Calendars.Read}). */
    public static boolean permits(Provider provider, Set<String> scopes, boolean read) {
        if (provider == Provider.GOOGLE) {
            return scopes.stream().anyMatch(scope -> GOOGLE_WRITE.contains(scope) || read && GOOGLE_READ.contains(scope));
        }
        return scopes.contains(GRAPH_SCOPE + "Calendars.ReadWrite") || read && scopes.contains(GRAPH_SCOPE + "Calendars.Read");
    }

    private static Optional<String> bearer(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        return Optional.of(authorization.substring(7).trim()).filter(token -> !token.isEmpty());
    }
}
