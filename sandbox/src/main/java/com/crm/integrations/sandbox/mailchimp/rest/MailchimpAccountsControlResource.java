package com.crm.integrations.sandbox.mailchimp.rest;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.RestPath;

import com.crm.integrations.sandbox.error.InvalidRequestException;
import com.crm.integrations.sandbox.mailchimp.service.MailchimpConnections;
import com.crm.integrations.sandbox.mailchimp.service.VerifiedDomains;

import io.smallrye.common.annotation.NonBlocking;

/**
 * What the Marketing API stand-in decides per account, for the control API: the simultaneous connections of each account
 * (in flight, the most at once, the 429s answered) and the limit, and the sending domains an account has not verified
 * (by default every domain is verified). Rooted at {@code /control} (see
 * {@link MailchimpListsControlResource}). In memory: event loop.
 */
@Path("/control")
@Produces(MediaType.APPLICATION_JSON)
@NonBlocking
public class MailchimpAccountsControlResource {

    private static final String CONNECTIONS = "/mailchimp/connections";

    private static final Pattern DOMAIN = Pattern.compile("[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)+");

    private final MailchimpConnections connections;
    private final VerifiedDomains domains;

    MailchimpAccountsControlResource(MailchimpConnections connections, VerifiedDomains domains) {
        this.connections = connections;
        this.domains = domains;
    }

    /** {@code {"limit","accounts":[{"account","limit","inFlight","peak","tooManyRequests"}]}}: every account seen. */
    @GET
    @Path(CONNECTIONS)
    public Map<String, Object> connections() {
        return view();
    }

    /** Another limit, for requests arriving from now on; a reset restores the configured one. */
    @PUT
    @Path(CONNECTIONS)
    @Consumes(MediaType.APPLICATION_JSON)
    public Map<String, Object> changeLimit(LimitRequest request) {
        if (request == null || request.limit() == null) {
            throw new InvalidRequestException("limit is required (0 for none)");
        }
        connections.changeLimit(request.limit());
        return view();
    }

    /** Peaks start again from the requests in flight now, 429 counts from zero. */
    @POST
    @Path(CONNECTIONS + "/reset")
    public void resetConnections() {
        connections.resetFigures();
    }

    /** {@code {"account","limit","inFlight","peak","tooManyRequests"}}; zeros for an account not seen. */
    @GET
    @Path("/mailchimp/accounts/{account}/connections")
    public MailchimpConnections.Usage accountConnections(@RestPath String account) {
        return connections.usage(account);
    }

    /** Marks the domain (un)verified for the account: a campaign replying to an address there cannot be sent while unverified. */
    @PUT
    @Path("/mailchimp/accounts/{account}/domains/{domain}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Map<String, Object> verifyDomain(@RestPath String account, @RestPath String domain, DomainRequest request) {
        if (request == null || request.verified() == null) {
            throw new InvalidRequestException("verified is required");
        }
        if (!DOMAIN.matcher(domain).matches()) {
            throw new InvalidRequestException("domain must be a domain name such as example.com");
        }
        domains.set(account, domain, request.verified());
        return domains(account);
    }

    /** {@code {"account","unverified":[…]}}: every other domain is verified. */
    @GET
    @Path("/mailchimp/accounts/{account}/domains")
    public Map<String, Object> domains(@RestPath String account) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("account", account);
        body.put("unverified", domains.unverified(account));
        return body;
    }

    private Map<String, Object> view() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("limit", connections.limit());
        body.put("accounts", connections.all());
        return body;
    }
}
