package com.crm.integrations.sandbox.mailchimp.rest;

import java.net.URI;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.RestPath;

import com.crm.integrations.sandbox.error.InvalidRequestException;
import com.crm.integrations.sandbox.mailchimp.CampaignStatus;
import com.crm.integrations.sandbox.mailchimp.ChangeOutcome;
import com.crm.integrations.sandbox.mailchimp.MemberChange;
import com.crm.integrations.sandbox.mailchimp.MemberSeed;
import com.crm.integrations.sandbox.mailchimp.MemberStatus;
import com.crm.integrations.sandbox.mailchimp.Source;
import com.crm.integrations.sandbox.mailchimp.service.Campaigns;
import com.crm.integrations.sandbox.mailchimp.service.MailchimpControl;
import com.crm.integrations.sandbox.mailchimp.service.MailchimpResets;
import com.crm.integrations.sandbox.mailchimp.service.MemberChanges;

import io.smallrye.common.annotation.Blocking;
import io.smallrye.common.annotation.NonBlocking;

/**
 * The Marketing API stand-in's control API for audiences, {@code /control/mailchimp/lists/…}: what the account's owner
 * does in the Mailchimp UI (create audiences, import members) and what subscribers, admins and API clients do to members
 * ({@code source}), each change posted to the audience's webhooks like Mailchimp would; the answer says what was posted
 * (or will be) and with which delivery id per webhook, so a test can wait for it in the delivery log
 * ({@link MailchimpWebhooksControlResource}). Rooted at {@code /control} like the other control resources: a root of
 * its own would hide theirs ({@code /control/mailchimp/api-keys}, {@code /control/{provider}/…}). In memory: event
 * loop, but for seeding and listing members.
 */
@Path("/control")
@Produces(MediaType.APPLICATION_JSON)
@NonBlocking
public class MailchimpListsControlResource {

    private static final String LISTS = "/control/mailchimp/lists/";

    private final MailchimpControl control;
    private final MemberChanges changes;
    private final MailchimpResets resets;
    private final Campaigns campaigns;

    MailchimpListsControlResource(MailchimpControl control, MemberChanges changes, MailchimpResets resets, Campaigns campaigns) {
        this.control = control;
        this.changes = changes;
        this.resets = resets;
        this.campaigns = campaigns;
    }

    /** Forgets every audience, member, webhook, pending post and delivery log, and restores the configured retry policy. */
    @POST
    @Path("/mailchimp/reset")
    public void reset() {
        resets.resetMailchimp();
    }

    /** 201 {@code {"id","webId","dc","name","mergeFields","requiredMergeFields","interestCategories"}}. */
    @POST
    @Path("/mailchimp/lists")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response createAudience(AudienceRequest request) {
        AudienceRequest body = required(request);
        List<MailchimpControl.CategoryInput> categories = body.interestCategories() == null ? null
                : body.interestCategories().stream()
                        .map(category -> category == null ? null : new MailchimpControl.CategoryInput(category.id(), category.title(), category.interests()))
                        .toList();
        Map<String, Object> audience = control.createAudience(body.dc(), body.name(), body.id(), body.mergeFields(), body.requiredMergeFields(),
                categories);
        return Response.created(URI.create(LISTS + audience.get("id"))).entity(audience).build();
    }

    @GET
    @Path("/mailchimp/lists/{listId}")
    public Map<String, Object> audience(@RestPath String listId) {
        return control.audienceView(listId);
    }

    /** 201 {@code {"count","members":[{"email","id","uniqueEmailId"}]}}; nothing is posted. On a worker thread. */
    @POST
    @Path("/mailchimp/lists/{listId}/members/seed")
    @Blocking
    @Consumes(MediaType.APPLICATION_JSON)
    public Response seed(@RestPath String listId, SeedRequest request) {
        List<SeedRequest.Member> members = required(required(request).members());
        List<MemberSeed> seeds = members.stream().map(MailchimpListsControlResource::seed).toList();
        List<Map<String, Object>> added = control.seed(listId, seeds);
        return Response.status(201).entity(Map.of("count", added.size(), "members", added)).build();
    }

    /** {@code {"members":[…]}}: each as the API shows it, in the order they were added. On a worker thread. */
    @GET
    @Path("/mailchimp/lists/{listId}/members")
    @Blocking
    public Map<String, Object> members(@RestPath String listId) {
        return Map.of("members", control.members(listId));
    }

    @POST
    @Path("/mailchimp/lists/{listId}/subscribe")
    @Consumes(MediaType.APPLICATION_JSON)
    public Map<String, Object> subscribe(@RestPath String listId, MemberActionRequests.Subscribe request) {
        return change(listId, required(request).source(), request.toChange());
    }

    @POST
    @Path("/mailchimp/lists/{listId}/unsubscribe")
    @Consumes(MediaType.APPLICATION_JSON)
    public Map<String, Object> unsubscribe(@RestPath String listId, MemberActionRequests.Unsubscribe request) {
        return change(listId, required(request).source(), request.toChange());
    }

    @POST
    @Path("/mailchimp/lists/{listId}/profile")
    @Consumes(MediaType.APPLICATION_JSON)
    public Map<String, Object> profile(@RestPath String listId, MemberActionRequests.Profile request) {
        return change(listId, required(request).source(), request.toChange());
    }

    @POST
    @Path("/mailchimp/lists/{listId}/change-email")
    @Consumes(MediaType.APPLICATION_JSON)
    public Map<String, Object> changeEmail(@RestPath String listId, MemberActionRequests.EmailChange request) {
        return change(listId, required(request).source(), request.toChange());
    }

    @POST
    @Path("/mailchimp/lists/{listId}/clean")
    @Consumes(MediaType.APPLICATION_JSON)
    public Map<String, Object> clean(@RestPath String listId, MemberActionRequests.Clean request) {
        return change(listId, required(request).source(), request.toChange());
    }

    /** A campaign was {@code sent} or {@code canceled}: {@code source} defaults to {@code admin}. */
    @POST
    @Path("/mailchimp/lists/{listId}/campaigns")
    @Consumes(MediaType.APPLICATION_JSON)
    public Map<String, Object> campaign(@RestPath String listId, MemberActionRequests.Campaign request) {
        MemberActionRequests.Campaign body = required(request);
        if (!"sent".equals(body.status()) && !"canceled".equals(body.status())) {
            throw new InvalidRequestException("status must be sent or canceled");
        }
        if (body.subject() == null) {
            throw new InvalidRequestException("subject is required");
        }
        Source source = body.source() == null ? Source.ADMIN : source(body.source());
        return view(changes.campaign(control.audience(listId), source, body.id(), body.subject(),
                CampaignStatus.ofWireName(body.status()).orElseThrow()));
    }

    /** {@code {"campaigns":[…]}}: each as the API shows it, plus its {@code account} and {@code content}, oldest first. */
    @GET
    @Path("/mailchimp/lists/{listId}/campaigns")
    public Map<String, Object> campaigns(@RestPath String listId) {
        return Map.of("campaigns", campaigns.ofAudience(control.audience(listId)));
    }

    private Map<String, Object> change(String listId, String source, MemberChange change) {
        return view(changes.apply(control.audience(listId), source(source), change));
    }

    /** {@code {"member", "posts":[{"type","firedAt","body","deliveries":{webhookId: deliveryId}}]}}. */
    private static Map<String, Object> view(ChangeOutcome outcome) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("member", outcome.member());
        body.put("posts", outcome.posts().stream().map(post -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("type", post.event().type().wireName());
            entry.put("firedAt", post.event().firedAtText());
            entry.put("body", post.event().formBody());
            entry.put("deliveries", post.deliveries());
            return entry;
        }).toList());
        return body;
    }

    private static Source source(String name) {
        return Source.ofWireName(name).orElseThrow(() -> new InvalidRequestException("source must be user, admin or api"));
    }

    private static MemberSeed seed(SeedRequest.Member member) {
        if (member == null) {
            throw new InvalidRequestException("members must not hold null");
        }
        MemberStatus status = member.status() == null ? null
                : MemberStatus.ofWireName(member.status()).orElseThrow(() -> new InvalidRequestException("unknown status " + member.status()));
        Instant lastChanged = null;
        if (member.lastChanged() != null) {
            try {
                lastChanged = OffsetDateTime.parse(member.lastChanged()).toInstant();
            } catch (DateTimeParseException e) {
                throw new InvalidRequestException("lastChanged must be ISO 8601 with an offset, e.g. 2026-12-01T10:15:30+00:00");
            }
        }
        return new MemberSeed(member.email(), status, member.mergeFields(), member.interests(), lastChanged);
    }

    private static <T> T required(T body) {
        if (body == null) {
            throw new InvalidRequestException("a JSON body is required");
        }
        return body;
    }
}
