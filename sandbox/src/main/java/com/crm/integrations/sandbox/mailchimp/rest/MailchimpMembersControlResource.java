package com.crm.integrations.sandbox.mailchimp.rest;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import com.crm.integrations.sandbox.error.InvalidRequestException;
import com.crm.integrations.sandbox.mailchimp.Member;
import com.crm.integrations.sandbox.mailchimp.service.MailchimpControl;
import com.crm.integrations.sandbox.mailchimp.service.MemberWrites;
import com.crm.integrations.sandbox.mailchimp.service.SignupLimits;

import io.smallrye.common.annotation.NonBlocking;

/**
 * Members as the control API sees and writes them: one member by address (tags included), a write exactly as another
 * app would make it through the API (Mailchimp's rules, source {@code api}, but no credential and not counted in any
 * account's connections), and the re-subscribe limit in force. Rooted at {@code /control} (see
 * {@link MailchimpListsControlResource}). In memory: event loop.
 */
@Path("/control")
@Produces(MediaType.APPLICATION_JSON)
@NonBlocking
public class MailchimpMembersControlResource {

    private static final String MEMBER = "/mailchimp/lists/{listId}/members/{email}";
    private static final String SIGNUP_LIMIT = "/mailchimp/signup-limit";

    private final MailchimpControl control;
    private final MemberWrites writes;
    private final SignupLimits signups;

    MailchimpMembersControlResource(MailchimpControl control, MemberWrites writes, SignupLimits signups) {
        this.control = control;
        this.writes = writes;
        this.signups = signups;
    }

    /** The member of that address as the API shows it; 404 when the audience has none. */
    @GET
    @Path(MEMBER)
    public Map<String, Object> member(@RestPath String listId, @RestPath String email) {
        return control.member(listId, email);
    }

    /**
     * The API's {@code PUT …/members/{hash}} for the address, body and {@code skip_merge_validation} as the API takes them;
     * the answer is the API's too (200 and the member, or Mailchimp's problem JSON).
     */
    @PUT
    @Path(MEMBER)
    public Response upsert(@RestPath String listId, @RestPath String email, @RestQuery("skip_merge_validation") boolean skipMergeValidation,
            String body) {
        String dc = control.audience(listId).dc();
        return MailchimpJson.ok(writes.upsert(dc, listId, Member.hashOf(email), body, skipMergeValidation));
    }

    /** {@code {"max","windowSeconds"}}: the re-subscribe limit in force. */
    @GET
    @Path(SIGNUP_LIMIT)
    public Map<String, Object> signupLimit() {
        return view(signups.current());
    }

    /** Changes the figures given; signups counted so far still count. A reset restores the configured ones. */
    @PUT
    @Path(SIGNUP_LIMIT)
    @Consumes(MediaType.APPLICATION_JSON)
    public Map<String, Object> changeSignupLimit(SignupLimitRequest request) {
        if (request == null) {
            throw new InvalidRequestException("a JSON body is required");
        }
        if (request.windowSeconds() != null && request.windowSeconds() < 1) {
            throw new InvalidRequestException("windowSeconds must be 1 or more");
        }
        return view(signups.change(request.max(), request.windowSeconds() == null ? null : Duration.ofSeconds(request.windowSeconds())));
    }

    private static Map<String, Object> view(SignupLimits.Setting setting) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("max", setting.max());
        body.put("windowSeconds", setting.window().toSeconds());
        return body;
    }
}
