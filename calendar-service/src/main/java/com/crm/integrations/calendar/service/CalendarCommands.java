package com.crm.integrations.calendar.service;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;

import com.crm.integrations.calendar.CalendarCommand;
import com.crm.integrations.calendar.CommandState;
import com.crm.integrations.calendar.config.CalendarConfig;
import com.crm.integrations.calendar.repository.CalendarCommandRepository;
import com.crm.integrations.calendar.repository.CrmEventRepository;
import com.crm.integrations.common.events.EventType;
import com.crm.integrations.common.events.payload.CalendarEventCommandV1;
import com.crm.integrations.common.events.payload.CalendarEventFields;
import com.crm.integrations.common.outbox.SessionOutbox;
import com.crm.integrations.common.retry.FailureCategory;
import com.crm.integrations.common.security.TenantId;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;

/**
 * Takes in the CRM's commands, from {@code calendar.commands} or the REST API alike: stores each once per command id
 * (a repeat answers the stored one), in the caller's transaction, for the {@link CommandWorker} to carry out. A
 * command that cannot be carried out as it is (bad fields) is stored as failed and published as
 * {@code calendar.command-failed.v1} in the same transaction.
 */
@ApplicationScoped
public class CalendarCommands {

    private static final Logger LOG = Logger.getLogger(CalendarCommands.class);

    /** A stored command, and whether this call stored it (false: the command id was known). */
    public record Stored(CalendarCommand command, boolean isNew) {
    }

    private final CalendarCommandRepository commands;
    private final CrmEventRepository crmEvents;
    private final SessionOutbox outbox;
    private final ObjectMapper json;
    private final CalendarConfig.Commands config;
    private final Clock clock;

    public CalendarCommands(CalendarCommandRepository commands, CrmEventRepository crmEvents, SessionOutbox outbox,
            ObjectMapper json, CalendarConfig config, Clock clock) {
        this.commands = commands;
        this.crmEvents = crmEvents;
        this.outbox = outbox;
        this.json = json;
        this.config = config.commands();
        this.clock = clock;
    }

    /**
     * Stores {@code command} under {@code commandId} in the session's transaction, or answers the command stored
     * under that id before.
     *
     * @param source      {@link CalendarCommand#FROM_KAFKA} or {@link CalendarCommand#FROM_REST}
     * @param requestedBy who sent it (a CRM service's {@code ce_source}, or the REST caller)
     */
    public Uni<Stored> store(Mutiny.Session session, TenantId tenant, String commandId, String source, CalendarEventCommandV1 command,
            String requestedBy) {
        return commands.findByCommandId(tenant.value(), commandId).chain(known -> {
            if (known != null) {
                return Uni.createFrom().item(new Stored(known, false));
            }
            Instant now = clock.instant();
            CalendarCommand stored = newCommand(tenant, commandId, source, command, requestedBy, now);
            List<String> problems = CommandChecks.problems(command.action(), command.event());
            return crmEvents.findOf(tenant.value(), command.crmEventId()).chain(crmEvent -> {
                if (crmEvent != null && !crmEvent.deleted) {
                    // The sync holds back changes to the activity's event from now on, for this command to settle.
                    stored.linkId = crmEvent.linkId;
                }
                if (problems.isEmpty()) {
                    return session.persist(stored).replaceWith(new Stored(stored, true));
                }
                String reason = "The command is invalid: " + String.join("; ", problems);
                LOG.infof("Refused command %s of tenant %s: %s", commandId, tenant.value(), reason);
                stored.fail(FailureCategory.PERMANENT, CommandFailures.INVALID_COMMAND, null, CommandFailures.sentence(reason), now);
                return session.persist(stored)
                        .chain(() -> outbox.append(session, EventType.CALENDAR_COMMAND_FAILED, tenant,
                                CommandFailures.event(stored, null, now)))
                        .replaceWith(new Stored(stored, true));
            });
        });
    }

    /** The fields a stored command carries; null for a delete. */
    public CalendarEventFields fieldsOf(CalendarCommand command) {
        if (command.fields == null) {
            return null;
        }
        try {
            return json.readValue(command.fields, CalendarEventFields.class);
        } catch (JsonProcessingException unreadable) {
            throw new IllegalStateException("Command " + command.id + " holds fields it cannot read", unreadable);
        }
    }

    private CalendarCommand newCommand(TenantId tenant, String commandId, String source, CalendarEventCommandV1 command,
            String requestedBy, Instant now) {
        CalendarCommand stored = new CalendarCommand();
        stored.id = UUID.randomUUID();
        stored.tenantId = tenant.value();
        stored.commandId = commandId;
        stored.source = source;
        stored.action = command.action();
        stored.crmEventId = command.crmEventId();
        stored.userId = command.userId();
        stored.wantedLinkId = command.linkId() == null ? null : UUID.fromString(command.linkId());
        stored.wantedProvider = command.provider();
        stored.fields = write(command.event());
        stored.state = CommandState.PENDING;
        stored.nextAttemptAt = now;
        stored.giveUpAt = now.plus(config.giveUpAfter());
        stored.requestedBy = requestedBy;
        stored.receivedAt = now;
        return stored;
    }

    /** The fields as a command stores them (JSON); null stays null. */
    String write(CalendarEventFields fields) {
        if (fields == null) {
            return null;
        }
        try {
            return json.writeValueAsString(fields);
        } catch (JsonProcessingException impossible) {
            throw new IllegalStateException("Event fields cannot be written as JSON", impossible);
        }
    }
}
