package com.crm.integrations.sandbox.mailchimp.rest;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import com.crm.integrations.sandbox.mailchimp.service.CampaignSending;
import com.crm.integrations.sandbox.mailchimp.service.Campaigns;
import com.crm.integrations.sandbox.mailchimp.service.MailchimpGate;

import io.smallrye.common.annotation.NonBlocking;

/**
 * The API's campaigns, {@code /mailchimp-api/{dc}/3.0/campaigns} (PROVIDERS.md §5.3): create, read, list, settings,
 * content, send checklist, and the send, schedule and unschedule actions (204). Bodies are read as text so that one that
 * is not JSON gets Mailchimp's {@code JSON Parse Error}. In memory: event loop.
 */
@Path("/mailchimp-api/{dc}/3.0/campaigns")
@NonBlocking
public class CampaignsResource {

    private static final String CAMPAIGN = "/{campaignId}";

    private final MailchimpGate gate;
    private final Campaigns campaigns;
    private final CampaignSending sending;

    CampaignsResource(MailchimpGate gate, Campaigns campaigns, CampaignSending sending) {
        this.gate = gate;
        this.campaigns = campaigns;
        this.sending = sending;
    }

    /** 200 and the campaign ({@code status: "save"}); an unknown audience 400. */
    @POST
    public Response create(@RestPath String dc, @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, String body) {
        String account = gate.require(dc, authorization);
        return MailchimpJson.ok(campaigns.create(dc, account, body));
    }

    /** The data centre's campaigns, oldest first, of one audience ({@code list_id}) and created since a time, paged. */
    @GET
    public Response list(@RestPath String dc, @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @RestQuery("list_id") String listId,
            @RestQuery("since_create_time") String sinceCreateTime, @RestQuery String count, @RestQuery String offset) {
        gate.require(dc, authorization);
        return MailchimpJson.ok(campaigns.list(dc, listId, sinceCreateTime, count, offset));
    }

    @GET
    @Path(CAMPAIGN)
    public Response get(@RestPath String dc, @RestPath String campaignId, @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        gate.require(dc, authorization);
        return MailchimpJson.ok(campaigns.get(dc, campaignId));
    }

    /** Changes the {@code settings} sent. */
    @PATCH
    @Path(CAMPAIGN)
    public Response update(@RestPath String dc, @RestPath String campaignId, @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            String body) {
        gate.require(dc, authorization);
        return MailchimpJson.ok(campaigns.update(dc, campaignId, body));
    }

    @PUT
    @Path(CAMPAIGN + "/content")
    public Response setContent(@RestPath String dc, @RestPath String campaignId, @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            String body) {
        gate.require(dc, authorization);
        return MailchimpJson.ok(campaigns.setContent(dc, campaignId, body));
    }

    @GET
    @Path(CAMPAIGN + "/content")
    public Response content(@RestPath String dc, @RestPath String campaignId, @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        gate.require(dc, authorization);
        return MailchimpJson.ok(campaigns.content(dc, campaignId));
    }

    @GET
    @Path(CAMPAIGN + "/send-checklist")
    public Response checklist(@RestPath String dc, @RestPath String campaignId, @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        gate.require(dc, authorization);
        return MailchimpJson.ok(sending.checklist(dc, campaignId));
    }

    /** 204: {@code sending}, then {@code sent}; 400 when not ready or sent already. */
    @POST
    @Path(CAMPAIGN + "/actions/send")
    public Response send(@RestPath String dc, @RestPath String campaignId, @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        gate.require(dc, authorization);
        sending.send(dc, campaignId);
        return Response.noContent().build();
    }

    /** 204: {@code schedule}; 400 for a past time or one off the quarter hour, or when not ready. */
    @POST
    @Path(CAMPAIGN + "/actions/schedule")
    public Response schedule(@RestPath String dc, @RestPath String campaignId, @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            String body) {
        gate.require(dc, authorization);
        sending.schedule(dc, campaignId, body);
        return Response.noContent().build();
    }

    /** 204: back to {@code save}. */
    @POST
    @Path(CAMPAIGN + "/actions/unschedule")
    public Response unschedule(@RestPath String dc, @RestPath String campaignId, @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        gate.require(dc, authorization);
        sending.unschedule(dc, campaignId);
        return Response.noContent().build();
    }
}
