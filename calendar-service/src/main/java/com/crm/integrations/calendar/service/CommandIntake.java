package com.crm.integrations.calendar.service;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.hibernate.reactive.mutiny.Mutiny;

import com.crm.integrations.calendar.CalendarCommand;
import com.crm.integrations.common.consumer.ConsumedEvent;
import com.crm.integrations.common.consumer.EventHandlers;
import com.crm.integrations.common.consumer.IdempotentConsumer;
import com.crm.integrations.common.events.EventType;
import com.crm.integrations.common.events.payload.CalendarBatchCommandV1;
import com.crm.integrations.common.events.payload.CalendarEventCommandV1;

import io.smallrye.mutiny.Uni;

/**
 * Reads the CRM's commands from {@code calendar.commands} and stores each, in the consumer's transaction, for the
 * {@link CommandWorker}: the consumer's quick retries only cover the store, never the provider, so a provider outage
 * delays commands instead of dead-lettering them. A command's id is its {@code ce_id}. A record that is not a command
 * at all (unreadable JSON, a missing action, activity or user) goes to the dead-letter topic; one that is a command
 * but an impossible one (bad fields) is stored as failed and answered with {@code calendar.command-failed.v1}. A
 * {@code calendar.batch-command.v1} is a batch job ({@link BatchJobs}), run by the {@link BatchWorker}.
 */
@ApplicationScoped
public class CommandIntake {

    /** The consumer's name: its Kafka group and where it remembers processed commands. */
    public static final String CONSUMER = "calendar-service.commands";

    private final IdempotentConsumer consumer;
    private final CalendarCommands commands;
    private final CommandWorker worker;
    private final BatchJobs batches;
    private final BatchWorker batchWorker;
    private final EventHandlers handlers;

    public CommandIntake(IdempotentConsumer consumer, CalendarCommands commands, CommandWorker worker, BatchJobs batches,
            BatchWorker batchWorker) {
        this.consumer = consumer;
        this.commands = commands;
        this.worker = worker;
        this.batches = batches;
        this.batchWorker = batchWorker;
        this.handlers = EventHandlers.of(CONSUMER)
                .onSession(EventType.CALENDAR_EVENT_COMMAND, CalendarEventCommandV1.class, this::onCommand)
                .onSession(EventType.CALENDAR_BATCH_COMMAND, CalendarBatchCommandV1.class, this::onBatch)
                .build();
    }

    @Incoming("calendar-commands")
    public Uni<Void> consume(Message<byte[]> record) {
        return consumer.process(record, handlers).invoke(() -> {
            worker.wake();
            batchWorker.wake();
        });
    }

    Uni<Void> onBatch(Mutiny.Session session, ConsumedEvent event, CalendarBatchCommandV1 command) {
        return batches.storeCommand(session, event.tenant(), event.id(), command, event.source());
    }

    Uni<Void> onCommand(Mutiny.Session session, ConsumedEvent event, CalendarEventCommandV1 command) {
        return commands.store(session, event.tenant(), event.id(), CalendarCommand.FROM_KAFKA, command, event.source())
                .replaceWithVoid();
    }
}
