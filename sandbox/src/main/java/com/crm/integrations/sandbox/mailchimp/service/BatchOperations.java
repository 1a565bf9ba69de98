package com.crm.integrations.sandbox.mailchimp.service;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import com.crm.integrations.sandbox.mailchimp.Batch;
import com.crm.integrations.sandbox.mailchimp.BatchOperation;
import com.crm.integrations.sandbox.mailchimp.OperationResult;
import com.crm.integrations.sandbox.provider.ApiAnswer;
import com.crm.integrations.sandbox.provider.ProviderRefusal;
import com.fasterxml.jackson.core.JsonProcessingException;

/**
 * Runs one operation of a batch through the same services as the direct call, as the batch's account in its data centre
 * (the credential was checked when it was submitted; operations count in no connection limit): members (read, add, PUT,
 * tags, batch subscribe), audiences, ping, and campaigns (create, read, list, settings, content, checklist, send,
 * schedule, unschedule). Any other method and path, webhooks included, answers 404 {@code Resource Not Found}. A path may
 * start with {@code /3.0}; a query string in it adds to {@code params}.
 */
@Singleton
public class BatchOperations {

    private static final Logger LOG = Logger.getLogger(BatchOperations.class);
    private static final String ID = "([^/]+)";

    /** What a route gets: the batch's data centre and account, the path's ids, the parameters and body. */
    private record Call(String dc, String account, List<String> ids, Map<String, String> params, String body) {
        String id(int index) {
            return ids.get(index);
        }

        String param(String name) {
            return params.get(name);
        }

        boolean flag(String name) {
            return Boolean.parseBoolean(params.get(name));
        }
    }

    /** A route's work: the JSON body of a 200, or {@code null} for a 204. */
    @FunctionalInterface
    private interface Work {
        Map<String, Object> run(Call call);
    }

    private record Route(String method, Pattern path, Work work) {
    }

    private final List<Route> routes;

    BatchOperations(MarketingReads reads, MemberWrites members, Campaigns campaigns, CampaignSending sending) {
        String list = "/lists/" + ID;
        String member = list + "/members/" + ID;
        String campaign = "/campaigns/" + ID;
        this.routes = List.of(
                route("GET", "/ping", call -> Map.of("health_status", "Everything's Chimpy!")),
                route("GET", "/lists", call -> reads.audiences(call.dc(), call.param("count"), call.param("offset"))),
                route("GET", list, call -> reads.audience(call.dc(), call.id(0))),
                route("POST", list, call -> members.batchSubscribe(call.dc(), call.id(0), call.body(), call.flag("skip_merge_validation"))),
                route("GET", list + "/members", call -> reads.members(call.dc(), call.id(0), call.param("count"), call.param("offset"),
                        call.param("status"), call.param("since_last_changed"))),
                route("POST", list + "/members", call -> members.add(call.dc(), call.id(0), call.body(), call.flag("skip_merge_validation"))),
                route("GET", member, call -> reads.member(call.dc(), call.id(0), call.id(1))),
                route("PUT", member, call -> members.upsert(call.dc(), call.id(0), call.id(1), call.body(), call.flag("skip_merge_validation"))),
                route("POST", member + "/tags", call -> {
                    members.tags(call.dc(), call.id(0), call.id(1), call.body());
                    return null;
                }),
                route("POST", "/campaigns", call -> campaigns.create(call.dc(), call.account(), call.body())),
                route("GET", "/campaigns", call -> campaigns.list(call.dc(), call.param("list_id"), call.param("since_create_time"), call.param("count"),
                        call.param("offset"))),
                route("GET", campaign, call -> campaigns.get(call.dc(), call.id(0))),
                route("PATCH", campaign, call -> campaigns.update(call.dc(), call.id(0), call.body())),
                route("PUT", campaign + "/content", call -> campaigns.setContent(call.dc(), call.id(0), call.body())),
                route("GET", campaign + "/content", call -> campaigns.content(call.dc(), call.id(0))),
                route("GET", campaign + "/send-checklist", call -> sending.checklist(call.dc(), call.id(0))),
                route("POST", campaign + "/actions/send", call -> {
                    sending.send(call.dc(), call.id(0));
                    return null;
                }),
                route("POST", campaign + "/actions/schedule", call -> {
                    sending.schedule(call.dc(), call.id(0), call.body());
                    return null;
                }),
                route("POST", campaign + "/actions/unschedule", call -> {
                    sending.unschedule(call.dc(), call.id(0));
                    return null;
                }));
    }

    /** The operation's answer; never throws. */
    public OperationResult run(Batch batch, BatchOperation operation) {
        String path = operation.path().startsWith("/") ? operation.path() : "/" + operation.path();
        path = path.startsWith("/3.0/") ? path.substring(4) : path;
        Map<String, String> params = new LinkedHashMap<>(operation.params());
        int query = path.indexOf('?');
        if (query >= 0) {
            for (String pair : path.substring(query + 1).split("&")) {
                int equals = pair.indexOf('=');
                if (equals > 0) {
                    params.putIfAbsent(decode(pair.substring(0, equals)), decode(pair.substring(equals + 1)));
                }
            }
            path = path.substring(0, query);
        }
        try {
            for (Route route : routes) {
                Matcher matcher = route.path().matcher(path);
                if (route.method().equals(operation.method()) && matcher.matches()) {
                    List<String> ids = new ArrayList<>();
                    for (int group = 1; group <= matcher.groupCount(); group++) {
                        ids.add(decode(matcher.group(group)));
                    }
                    Map<String, Object> body = route.work().run(new Call(batch.dc(), batch.account(), ids, params, operation.body()));
                    return body == null ? new OperationResult(204, operation.operationId(), "") : result(200, operation, body);
                }
            }
            throw MailchimpErrors.notFound();
        } catch (ProviderRefusal refused) {
            ApiAnswer answer = (ApiAnswer) refused.answer();
            return result(answer.status(), operation, answer.body());
        } catch (RuntimeException bug) {
            LOG.errorf(bug, "Mailchimp batch operation failed: a bug in the sandbox (batch=%s method=%s)", batch.id(), operation.method());
            ApiAnswer answer = MailchimpErrors.internalError();
            return result(answer.status(), operation, answer.body());
        }
    }

    private static OperationResult result(int status, BatchOperation operation, Map<String, Object> body) {
        try {
            return new OperationResult(status, operation.operationId(), JsonBodies.JSON.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an answer of plain maps did not serialise", e);
        }
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }

    private static Route route(String method, String path, Work work) {
        return new Route(method, Pattern.compile(path), work);
    }
}
