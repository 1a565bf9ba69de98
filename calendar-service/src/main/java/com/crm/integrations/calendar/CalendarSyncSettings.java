package com.crm.integrations.calendar;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * How a tenant's calendars are synced: the window of events kept in sync around today, in which
 * direction changes flow, and what wins when the CRM and the user change one event at once.
 */
@Schema(description = "How a tenant's calendars are synced")
public record CalendarSyncSettings(
        @Schema(description = "Days before today whose events are synced", minimum = "0", maximum = "365", defaultValue = "30")
        @NotNull @Min(0) @Max(365) Integer pastDays,
        @Schema(description = "Days after today whose events are synced", minimum = "1", maximum = "730", defaultValue = "365")
        @NotNull @Min(1) @Max(730) Integer futureDays,
        @Schema(description = "Which way changes flow", defaultValue = "two_way")
        @NotNull SyncDirection direction,
        @Schema(description = "What wins when the CRM changes an event the user changed meanwhile (absent: provider_wins)",
                defaultValue = "provider_wins")
        ConflictRule conflictRule) {

    public static final CalendarSyncSettings DEFAULTS = new CalendarSyncSettings(30, 365, SyncDirection.TWO_WAY,
            ConflictRule.PROVIDER_WINS);

    public CalendarSyncSettings {
        if (conflictRule == null) {
            conflictRule = ConflictRule.PROVIDER_WINS;
        }
    }

    /**
     * The rule that applies: a link that only exports has the CRM as its master, so the CRM's change is written
     * (the user's edit would reach the CRM no other way than by this conflict, and export_only tells it nothing).
     */
    public ConflictRule effectiveConflictRule() {
        return direction == SyncDirection.EXPORT_ONLY ? ConflictRule.CRM_WINS : conflictRule;
    }
}
