package com.crm.integrations.status;

import java.time.Instant;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One integration of one owner, as the CRM's settings page shows it: the seed's {@code connected}, {@code status},
 * {@code lastSync} and {@code usageStats}, and what the page needs to say why and what to do. docs/status.md describes
 * every field and how each status and action is decided.
 */
@Schema(description = "One integration of one owner (a user's own, or the tenant's)")
@JsonInclude(JsonInclude.Include.ALWAYS)
public record IntegrationCard(
        @Schema(description = "The integration: google-calendar, outlook-calendar, mailchimp, mapbox, or another provider's name")
        String id,
        @Schema(description = "Its name, for people")
        String name,
        @Schema(description = "token-service's provider name")
        String provider,
        @Schema(description = "Whose connection this is; null when it was never connected")
        Owner owner,
        @Schema(description = "Whether a connection is in place (false: never connected, or disconnected)")
        boolean connected,
        @Schema(description = "active: works; error: needs attention (action says what); inactive: not connected",
                enumeration = {"active", "error", "inactive"})
        String status,
        @Schema(description = "Since when it has had this status; null when never connected")
        Instant since,
        @Schema(description = "Why, in one sentence, when there is something to say")
        String reason,
        @Schema(description = "What must be done (RequiredAction): none, wait_and_retry, user_must_reconnect, operator_must_fix,"
                + " user_must_choose_calendar; null when nothing")
        String action,
        @Schema(description = "Who must do it: user, tenant_admin or operator; null when nobody",
                enumeration = {"user", "tenant_admin", "operator"})
        String actionBy,
        @Schema(description = "The last successful sync (calendar), audience activity (Mailchimp) or key check (Mapbox)")
        Instant lastSync,
        @Schema(description = "The main usage figure, as the settings page shows it")
        UsageStat usageStats,
        @Schema(description = "Every usage figure, as numbers; null when the integration has none")
        Usage usage,
        @Schema(description = "Whether a sibling whose facts this card is built from is out of date: the card may be behind")
        boolean stale,
        @Schema(description = "Since when it is stale; null when it is not")
        Instant staleSince,
        @Schema(description = "Why it is stale; null when it is not")
        String staleReason,
        @Schema(description = "The connection's own facts; null when never connected")
        ConnectionFacts connection,
        @Schema(description = "The last failure still current (a success since clears it); null when none")
        Failure lastFailure) {

    /** Whose connection a card shows. */
    @Schema(description = "Whose connection a card shows")
    public record Owner(
            @Schema(description = "user: a user's own connection; tenant: the tenant's (API keys)", enumeration = {"user", "tenant"})
            String type,
            @Schema(description = "The user, for type user")
            String userId) {

        public static Owner of(String userId) {
            return userId == null ? new Owner("tenant", null) : new Owner("user", userId);
        }
    }

    /** The seed's usage figure: a label and its value. */
    @Schema(description = "A usage figure: a label and its value, e.g. Synced Events: 15 upcoming / 42 total")
    public record UsageStat(String label, String value) {
    }

    /** Every usage figure of a card; the fields of other integrations are null. */
    @Schema(description = "Usage figures; each integration fills its own")
    public record Usage(
            @Schema(description = "Calendar: events synced that have not ended") Integer upcomingEvents,
            @Schema(description = "Calendar: events synced") Integer totalEvents,
            @Schema(description = "Calendar: calendars synced") Integer calendars,
            @Schema(description = "Mailchimp: audiences linked") Integer audiencesLinked,
            @Schema(description = "Mailchimp: members by status over the linked audiences") Members members,
            @Schema(description = "Mailchimp: the last webhook received") Instant lastWebhookAt,
            @Schema(description = "Mailchimp: webhook posts refused as malformed since the links were made") Long rejectedDeliveries,
            @Schema(description = "API key: whether the last check found it valid; null when never checked") Boolean keyValid,
            @Schema(description = "API key: the last check") Instant lastCheckedAt,
            @Schema(description = "API key: the last time a check found it valid") Instant lastValidAt) {
    }

    /** Members of the linked audiences by status. */
    public record Members(long subscribed, long unsubscribed, long cleaned, long pending, long transactional, long archived) {
    }

    /** The connection a card is built from. */
    @Schema(description = "The connection a card is built from")
    public record ConnectionFacts(
            @Schema(description = "Its id in token-service") String id,
            @Schema(description = "oauth or api_key") String kind,
            @Schema(description = "token-service's status: active, needs_reauth, misconfigured, error, revoked; null when not reported yet")
            String status,
            @Schema(description = "When the access token expires (OAuth)") Instant tokenExpiresAt,
            @Schema(description = "Whether the access token expired and was not refreshed within the grace token-service needs")
            boolean tokenOverdue,
            @Schema(description = "The last successful refresh (OAuth)") Instant lastRefreshAt,
            @Schema(description = "The last health check (API keys, tokens that never expire)") Instant lastCheckedAt,
            @Schema(description = "What the last health check found: valid, refused or unreachable") String checkOutcome) {
    }

    /** A failure that is still current. */
    @Schema(description = "A failure that is still current")
    public record Failure(
            @Schema(description = "token_refresh, calendar_sync or health_check") String source,
            @Schema(description = "transient, rate_limit, auth, permanent or misconfigured") String category,
            @Schema(description = "The provider's code, for support") String providerCode,
            @Schema(description = "What must be done (RequiredAction)") String action,
            @Schema(description = "A sentence for people") String reason,
            @Schema(description = "When it is tried again; null when not until someone acts") Instant retryAt,
            @Schema(description = "How many in a row") Integer consecutiveFailures,
            @Schema(description = "When it failed") Instant at) {
    }
}
