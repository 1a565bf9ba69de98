package com.crm.integrations.mailchimp.command;

import java.util.List;

import com.crm.integrations.common.outbox.Outbox;
import com.crm.integrations.common.retry.FailureCategory;

import io.vertx.core.json.JsonObject;

/**
 * How a command's run ended: done (with the members Mailchimp answered, to project, and the events of its steps), failed
 * for good, or to be tried again.
 */
sealed interface Outcome {

    /**
     * Carried out.
     *
     * @param answer  the {@code mailchimp.command-completed.v1} payload
     * @param members members as Mailchimp answered the writes, for the projection (source {@code command})
     * @param events  further events ({@code campaign.changed.v1})
     */
    record Done(Record answer, List<JsonObject> members, List<Outbox.Event> events) implements Outcome {
    }

    /**
     * Failed for good.
     *
     * @param campaignId   the campaign it was about, when there is one
     * @param providerCode Mailchimp's title when it refused
     * @param problems     a send checklist's blocking items
     */
    record Failed(FailureCategory category, String code, String providerCode, String reason, List<String> problems,
            String campaignId) implements Outcome {

        static Failed permanent(String code, String providerCode, String reason) {
            return new Failed(FailureCategory.PERMANENT, code, providerCode, reason, List.of(), null);
        }
    }

    /**
     * To be tried again.
     *
     * @param delay     how long to wait; null: the backoff of its attempts
     * @param error     why, in our words
     * @param uncounted the attempt does not count (no failure: it polls a batch, or waited for a connection)
     * @param category  the kind of failure when it does count (for the give-up answer)
     */
    record Retry(java.time.Duration delay, String error, boolean uncounted, FailureCategory category) implements Outcome {

        static Retry poll(java.time.Duration delay, String why) {
            return new Retry(delay, why, true, FailureCategory.TRANSIENT);
        }
    }

    /** Progress to record before the next step (campaign created, batch started): merged into the command's progress. */
    record Step(JsonObject progress, List<Outbox.Event> events) {
    }
}
