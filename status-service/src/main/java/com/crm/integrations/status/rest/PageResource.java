package com.crm.integrations.status.rest;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirementsSet;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.crm.integrations.status.config.PageConfig;

import io.smallrye.common.annotation.NonBlocking;

/**
 * The integrations page's settings, public like the page itself (its files are static resources under
 * {@code META-INF/resources/integrations/}): a path rule in application.properties lets it through without a token.
 */
@Path("/integrations/config.json")
@Tag(name = "Integrations page")
@PermitAll
public class PageResource {

    private static final CacheControl SHORT = CacheControl.valueOf("public, max-age=60");

    private final PageSettings settings;

    public PageResource(PageConfig config) {
        this.settings = PageSettings.of(config);
    }

    @GET
    @NonBlocking
    @Produces(MediaType.APPLICATION_JSON)
    @SecurityRequirementsSet
    @Operation(summary = "Where the integrations page finds token-, calendar- and mailchimp-service, and which CRM origins may embed it",
            description = "Public, no token: the page reads it before it has one (docs/status.md, \"The integrations page\").")
    @APIResponse(responseCode = "200", description = "The page's settings",
            content = @Content(schema = @Schema(implementation = PageSettings.class)))
    public Response settings() {
        return Response.ok(settings).cacheControl(SHORT).build();
    }
}
