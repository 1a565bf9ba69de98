package com.crm.integrations.mailchimp.rest;

import java.net.URI;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.crm.integrations.common.events.payload.MailchimpCampaignCommandV1;
import com.crm.integrations.common.events.payload.MailchimpCommandKind;
import com.crm.integrations.common.events.payload.MailchimpMemberCommandV1;
import com.crm.integrations.common.events.payload.MailchimpSubscribeCommandV1;
import com.crm.integrations.common.events.payload.MemberError;
import com.crm.integrations.common.security.CallerContext;
import com.crm.integrations.mailchimp.command.Commands;

import io.smallrye.mutiny.Uni;

/**
 * The CRM's commands through REST: the same payloads as on {@code mailchimp.commands}, stored and carried out by the
 * same worker, answered with the same events. Any user of the tenant may send them (the tenant's linked audiences and
 * its campaigns made through the CRM); the {@code Idempotency-Key} is the command's id.
 */
// At the root with full method paths, like the settings resource: a class at /mailchimp would shadow the others
// under it (the resource class is chosen by its longest matching path first).
@Path("/")
@Tag(name = "Mailchimp commands")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class CommandResource {

    private static final String KEY_PATTERN = "[\\x21-\\x7E]{1,200}";

    private final Commands commands;
    private final CallerContext caller;

    public CommandResource(Commands commands, CallerContext caller) {
        this.commands = commands;
        this.caller = caller;
    }

    @POST
    @Path("mailchimp/member-commands")
    @Operation(summary = "Upsert, tag or unsubscribe one member of a linked audience")
    @APIResponse(responseCode = "202", description = "Stored; Location names the command")
    @APIResponse(responseCode = "200", description = "Stored before under this Idempotency-Key")
    @APIResponse(responseCode = "404", description = "The tenant linked no such audience (or set no default one)")
    @APIResponse(responseCode = "409", description = "The Idempotency-Key was used for another command")
    @APIResponse(responseCode = "422", description = "The command is invalid (each problem named)")
    public Uni<Response> member(@Valid @NotNull MailchimpMemberCommandV1 body, @HeaderParam("Idempotency-Key") @Parameter(
            description = "The command's id: a repeat with it is carried out once") @Pattern(regexp = KEY_PATTERN) String key) {
        return submit(MailchimpCommandKind.MEMBER, body, key);
    }

    @POST
    @Path("mailchimp/subscribe-commands")
    @Operation(summary = "Add or update many members of a linked audience at once")
    @APIResponse(responseCode = "202", description = "Stored; Location names the command")
    @APIResponse(responseCode = "200", description = "Stored before under this Idempotency-Key")
    @APIResponse(responseCode = "404", description = "The tenant linked no such audience (or set no default one)")
    @APIResponse(responseCode = "409", description = "The Idempotency-Key was used for another command")
    public Uni<Response> subscribe(@Valid @NotNull MailchimpSubscribeCommandV1 body, @HeaderParam("Idempotency-Key") @Parameter(
            description = "The command's id: a repeat with it is carried out once") @Pattern(regexp = KEY_PATTERN) String key) {
        return submit(MailchimpCommandKind.SUBSCRIBE, body, key);
    }

    @POST
    @Path("mailchimp/campaign-commands")
    @Operation(summary = "Create, fill, send, schedule or unschedule a campaign")
    @APIResponse(responseCode = "202", description = "Stored; Location names the command")
    @APIResponse(responseCode = "200", description = "Stored before under this Idempotency-Key")
    @APIResponse(responseCode = "404", description = "The tenant linked no such audience (or set no default one)")
    @APIResponse(responseCode = "409", description = "The Idempotency-Key was used for another command")
    @APIResponse(responseCode = "422", description = "The command is invalid (each problem named)")
    public Uni<Response> campaign(@Valid @NotNull MailchimpCampaignCommandV1 body, @HeaderParam("Idempotency-Key") @Parameter(
            description = "The command's id: a repeat with it is carried out once") @Pattern(regexp = KEY_PATTERN) String key) {
        return submit(MailchimpCommandKind.CAMPAIGN, body, key);
    }

    @GET
    @Path("mailchimp/commands/{commandId}")
    @Operation(summary = "One command and where it stands")
    @APIResponse(responseCode = "200", description = "The command")
    @APIResponse(responseCode = "404", description = "No such command of the tenant")
    public Uni<CommandView> command(@PathParam("commandId") @Pattern(regexp = KEY_PATTERN) String commandId) {
        return caller.current().chain(who -> commands.command(who, commandId)).map(CommandView::of);
    }

    @GET
    @Path("mailchimp/commands/{commandId}/errors")
    @Operation(summary = "The members a subscribe command could not write, each with why")
    @APIResponse(responseCode = "200", description = "Refused members, in command order, from offset")
    @APIResponse(responseCode = "404", description = "No such command of the tenant")
    public Uni<List<MemberError>> errors(@PathParam("commandId") @Pattern(regexp = KEY_PATTERN) String commandId,
            @QueryParam("offset") @DefaultValue("0") @Min(0) int offset,
            @QueryParam("limit") @DefaultValue("500") @Min(1) @Max(5000) int limit) {
        return caller.current().chain(who -> commands.errors(who, commandId, offset, limit));
    }

    private Uni<Response> submit(MailchimpCommandKind kind, Record body, String key) {
        return caller.current().chain(who -> commands.submit(who, kind, body, key))
                .map(submitted -> Response.status(submitted.isNew() ? Response.Status.ACCEPTED : Response.Status.OK)
                        .location(URI.create("/mailchimp/commands/" + submitted.command().commandId()))
                        .entity(CommandView.of(submitted.command())).build());
    }
}
