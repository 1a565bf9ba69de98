package com.crm.integrations.common.settings;

import java.time.Instant;
import java.util.Date;

import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.Response;

/**
 * A tenant's settings with the version that guards concurrent updates. Version 0 means the
 * tenant has never saved any: the value is the service's defaults.
 */
public record Versioned<T>(T value, long version, Instant updatedAt) {

    public EntityTag etag() {
        return new EntityTag(Long.toString(version));
    }

    /** 200 with the value, its ETag (to send back as {@code If-Match}) and its last change. */
    public Response toResponse() {
        Response.ResponseBuilder response = Response.ok(value).tag(etag());
        if (updatedAt != null) {
            response.lastModified(Date.from(updatedAt));
        }
        return response.build();
    }
}
