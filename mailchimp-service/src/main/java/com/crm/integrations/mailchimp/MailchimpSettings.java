package com.crm.integrations.mailchimp;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * How the CRM's contacts reach a tenant's Mailchimp audience: the audience new subscribers go
 * to, whether they must confirm by e-mail first, and the prefix of the tags the CRM manages.
 */
@Schema(description = "How CRM contacts reach a tenant's Mailchimp audience")
public record MailchimpSettings(
        @Schema(description = "Mailchimp audience (list) id new subscribers go to; none until chosen", nullable = true)
        @Pattern(regexp = "^[a-z0-9]{10}$", message = "must be a Mailchimp audience id: 10 lowercase letters or digits")
        String defaultAudienceId,
        @Schema(description = "Send Mailchimp's confirmation e-mail before subscribing (status pending)", defaultValue = "true")
        @NotNull Boolean doubleOptIn,
        @Schema(description = "Prefix of the tags the CRM manages on audience members", defaultValue = "crm-")
        @NotNull @Size(min = 1, max = 32) @Pattern(regexp = "^[A-Za-z0-9 _:.-]+$", message = "may hold letters, digits, space, '_', ':', '.' and '-'")
        String tagPrefix) {

    public static final MailchimpSettings DEFAULTS = new MailchimpSettings(null, true, "crm-");
}
