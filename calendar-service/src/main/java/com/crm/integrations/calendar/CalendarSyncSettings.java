package com.crm.integrations.calendar;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * How a tenant's calendars are synced: the window of events kept in sync around today, and in
 * which direction changes flow.
 */
@Schema(description = "How a tenant's calendars are synced")
public record CalendarSyncSettings(
        @Schema(description = "Days before today whose events are synced", minimum = "0", maximum = "365", defaultValue = "30")
        @NotNull @Min(0) @Max(365) Integer pastDays,
        @Schema(description = "Days after today whose events are synced", minimum = "1", maximum = "730", defaultValue = "365")
        @NotNull @Min(1) @Max(730) Integer futureDays,
        @Schema(description = "Which way changes flow", defaultValue = "two_way")
        @NotNull SyncDirection direction) {

    public static final CalendarSyncSettings DEFAULTS = new CalendarSyncSettings(30, 365, SyncDirection.TWO_WAY);
}
