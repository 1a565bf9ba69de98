package com.crm.integrations.mailchimp;

import java.util.Map;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * How the CRM's contacts reach a tenant's Mailchimp audience: the audience new subscribers go
 * to, whether they must confirm by e-mail first, the prefix of the tags the CRM manages, and which Mailchimp merge
 * field fills which CRM field.
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
        String tagPrefix,
        @Schema(description = "Mailchimp merge tag → CRM field name, for the crmFields of subscriber.changed; absent: the default mapping",
                nullable = true, example = "{\"FNAME\": \"firstName\", \"LNAME\": \"lastName\"}")
        @Size(max = 50)
        Map<@Pattern(regexp = "^[A-Z0-9_]{1,10}$", message = "must be a Mailchimp merge tag: 1 to 10 upper-case letters, digits or '_'") String,
                @NotNull @Pattern(regexp = "^[A-Za-z][A-Za-z0-9_.]{0,63}$", message = "must be a CRM field name: a letter, then up to 63 letters, digits, '_' or '.'") String> fieldMapping) {

    /** The mapping a tenant that set none gets: Mailchimp's default merge fields to the CRM's contact fields. */
    public static final Map<String, String> DEFAULT_FIELD_MAPPING = Map.of("FNAME", "firstName", "LNAME", "lastName",
            "PHONE", "phone", "ADDRESS", "address", "BIRTHDAY", "birthday", "COMPANY", "company");

    public static final MailchimpSettings DEFAULTS = new MailchimpSettings(null, true, "crm-", DEFAULT_FIELD_MAPPING);

    /** The mapping in force: the tenant's, or the default one. */
    public Map<String, String> fieldMappingOrDefault() {
        return fieldMapping == null ? DEFAULT_FIELD_MAPPING : fieldMapping;
    }
}
