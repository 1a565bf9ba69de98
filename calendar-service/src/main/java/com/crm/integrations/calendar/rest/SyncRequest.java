package com.crm.integrations.calendar.rest;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Options of a requested sync. */
@Schema(name = "SyncRequest")
public record SyncRequest(
        @Schema(description = "Let a full listing delete more of the calendar than the mass-delete guard allows, after a halted run was checked",
                defaultValue = "false")
        Boolean allowMassDelete) {
}
