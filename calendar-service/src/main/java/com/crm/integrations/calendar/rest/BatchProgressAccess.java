package com.crm.integrations.calendar.rest;

import java.util.UUID;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import com.crm.integrations.calendar.service.BatchJobs;
import com.crm.integrations.common.problem.ResourceNotFoundException;
import com.crm.integrations.common.security.CallerContext;

import io.smallrye.mutiny.Uni;

/**
 * Checks that the caller may follow a job's progress before its stream starts: once a Server-Sent Events response
 * has begun, a problem (404 for another user's or tenant's job) could no longer be sent as one.
 */
public class BatchProgressAccess {

    private final BatchJobs jobs;
    private final CallerContext caller;

    public BatchProgressAccess(BatchJobs jobs, CallerContext caller) {
        this.jobs = jobs;
        this.caller = caller;
    }

    @ServerRequestFilter
    public Uni<Response> beforeProgress(ContainerRequestContext request, ResourceInfo resource) {
        if (resource.getResourceMethod() == null || !"batchProgress".equals(resource.getResourceMethod().getName())) {
            return Uni.createFrom().nullItem();
        }
        UUID id;
        try {
            id = UUID.fromString(request.getUriInfo().getPathParameters().getFirst("id"));
        } catch (IllegalArgumentException notAnId) {
            return Uni.createFrom().failure(new ResourceNotFoundException("No calendar batch " + request.getUriInfo().getPath()));
        }
        return caller.current().chain(who -> jobs.find(who, id)).replaceWith((Response) null);
    }
}
