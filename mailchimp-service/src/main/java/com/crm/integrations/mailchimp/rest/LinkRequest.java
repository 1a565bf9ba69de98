package com.crm.integrations.mailchimp.rest;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Which Mailchimp connection an audience is linked through. */
@Schema(name = "AudienceLinkRequest")
public record LinkRequest(
        @Schema(description = "token-service's id of the tenant's Mailchimp connection (an admin's OAuth connection or the tenant's API key)")
        @NotBlank @Size(max = 64) String connectionId) {
}
