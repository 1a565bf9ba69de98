package com.crm.integrations.sandbox.mailchimp.rest;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import com.crm.integrations.sandbox.mailchimp.service.Batches;

import io.smallrye.common.annotation.NonBlocking;

/**
 * The download behind a finished batch's {@code response_body_url}: Mailchimp's is a pre-signed link to a file store
 * (PROVIDERS.md §5.3 [obs]), so no credential is asked for, the secret {@code Signature} in the URL is all. A wrong or
 * missing signature, or an unknown batch, gets the file store's 403 {@code AccessDenied} (XML, as S3 answers). Not under
 * the API: no connection limit applies; fault rules do. In memory: event loop.
 */
@Path("/mailchimp-batch-results")
@NonBlocking
public class BatchResultsResource {

    private static final String SUFFIX = "-response.tar.gz";
    private static final String ACCESS_DENIED = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            + "<Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>";

    private final Batches batches;

    BatchResultsResource(Batches batches) {
        this.batches = batches;
    }

    /** 200 {@code application/gzip}: the results archive. */
    @GET
    @Path("/{file}")
    public Response download(@RestPath String file, @RestQuery("Signature") String signature) {
        String batchId = file.endsWith(SUFFIX) ? file.substring(0, file.length() - SUFFIX.length()) : "";
        return batches.archive(batchId, signature)
                .map(archive -> Response.ok(archive, "application/gzip").build())
                .orElseGet(() -> Response.status(403).type("application/xml").entity(ACCESS_DENIED).build());
    }
}
