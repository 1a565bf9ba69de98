package com.crm.integrations.sandbox.calendar.service;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import jakarta.inject.Singleton;

import com.crm.integrations.sandbox.calendar.ThrottleRule;
import com.crm.integrations.sandbox.calendar.config.CalendarConfig;
import com.crm.integrations.sandbox.control.When;
import com.crm.integrations.sandbox.provider.Grant;
import com.crm.integrations.sandbox.provider.Provider;

/**
 * Runs a batch's inner requests as the provider does single calls, each through the gate's checks: logged (marked with
 * the batch), its token's grant (401), scopes (403), counted in flight against the account's concurrency limit (429),
 * the account's throttle rules, then its item-fault rules before and after the work. In waves of up to
 * {@code parallelism}: a wave's requests are all in flight together, as a provider running them in parallel would have
 * them, so the limit sees them with the account's other calls. A chain ({@code failedDependency} given) runs one by one
 * and stops at the first failure; the rest get {@code failedDependency}'s answer without running.
 */
@Singleton
public class BatchRunner {

    /**
     * An inner request ready to run.
     *
     * @param grant its token's grant; {@code null} when it had no valid one (answered 401)
     * @param authorization whether it had an {@code Authorization} header at all
     * @param call the work, given the account
     */
    public record Prepared(BatchItem item, Grant grant, boolean authorization, Function<String, ItemAnswer> call) {
    }

    /** An inner request on its way: its log entry, and whether it came within the account's limit. */
    private record Admission(int index, Prepared prepared, CalendarRequestLog.Entry entry, boolean withinLimit) {

        String account() {
            return prepared.grant() == null ? null : prepared.grant().account();
        }
    }

    private final CalendarTraffic traffic;
    private final CalendarRequestLog log;
    private final ItemFaults faults;
    private final String concurrencyRetryAfter;

    BatchRunner(CalendarTraffic traffic, CalendarRequestLog log, ItemFaults faults, CalendarConfig config) {
        this.traffic = traffic;
        this.log = log;
        this.faults = faults;
        this.concurrencyRetryAfter = config.graph().concurrencyRetryAfter();
    }

    /**
     * @param batchSeq the batch's own number in the request log
     * @param failedDependency {@code null} for independent requests; else they form a chain, in this order
     * @return the answers, in the requests' order
     */
    public List<ItemAnswer> run(Provider provider, long batchSeq, List<Prepared> items, int parallelism,
            Function<BatchItem, ItemAnswer> failedDependency) {
        ItemAnswer[] answers = new ItemAnswer[items.size()];
        int wave = failedDependency == null ? Math.max(1, parallelism) : 1;
        boolean failed = false;
        for (int start = 0; start < items.size(); start += wave) {
            List<Admission> admitted = new ArrayList<>(wave);
            for (int i = start; i < Math.min(items.size(), start + wave); i++) {
                BatchItem item = items.get(i).item();
                if (item.rejected() != null) {
                    answers[i] = ItemAnswer.of(item.rejected());
                } else if (failed) {
                    answers[i] = failedDependency.apply(item);
                } else {
                    admitted.add(enter(provider, batchSeq, i, items.get(i)));
                }
            }
            try {
                for (Admission admission : admitted) {
                    answers[admission.index()] = answer(provider, admission);
                }
            } finally {
                admitted.forEach(admission -> leave(provider, admission, answers[admission.index()]));
            }
            failed = failedDependency != null && admitted.stream().anyMatch(admission -> !answers[admission.index()].succeeded());
        }
        return List.of(answers);
    }

    private Admission enter(Provider provider, long batchSeq, int index, Prepared prepared) {
        BatchItem item = prepared.item();
        String account = prepared.grant() == null ? null : prepared.grant().account();
        CalendarRequestLog.Entry entry = log.open(provider, new CalendarRequestLog.Arrival(account, item.method(), item.path(),
                item.query(), item.header("Prefer"), item.header("If-Match"), prepared.authorization(), batchSeq, item.id()));
        boolean withinLimit = account == null || traffic.enter(provider, account);
        return new Admission(index, prepared, entry, withinLimit);
    }

    private ItemAnswer answer(Provider provider, Admission admission) {
        Prepared prepared = admission.prepared();
        String clientRequestId = prepared.item().header("client-request-id");
        if (prepared.grant() == null) {
            return ItemAnswer.of(CalendarRefusals.unauthorized(provider, prepared.authorization(), clientRequestId));
        }
        if (!CalendarAccess.permits(provider, prepared.grant().scopes(), "GET".equals(prepared.item().method()))) {
            return ItemAnswer.of(CalendarRefusals.insufficientScopes(provider, clientRequestId));
        }
        if (!admission.withinLimit()) {
            return ItemAnswer.of(CalendarRefusals.overLimit(provider, clientRequestId, concurrencyRetryAfter));
        }
        String account = admission.account();
        Optional<ThrottleRule> throttle = traffic.takeThrottle(provider, account);
        if (throttle.isPresent()) {
            return ItemAnswer.of(CalendarRefusals.throttled(provider, throttle.get(), clientRequestId));
        }
        Optional<ItemFaults.Hit> fault = faults.draw(provider, account, true, clientRequestId);
        if (fault.isPresent() && fault.get().when() == When.BEFORE) {
            return ItemAnswer.faulted(fault.get().answer(), fault.get().ruleId());
        }
        ItemAnswer done = prepared.call().apply(account);
        return fault.map(hit -> ItemAnswer.faulted(hit.answer(), hit.ruleId())).orElse(done);
    }

    private void leave(Provider provider, Admission admission, ItemAnswer answer) {
        if (admission.account() != null) {
            traffic.leave(provider, admission.account());
        }
        admission.entry().answered(answer == null ? null : answer.status(), answer != null && answer.faultId() != null);
    }
}
