package com.crm.integrations.mailchimp.command;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import com.crm.integrations.common.consumer.ConsumedEvent;
import com.crm.integrations.common.consumer.EventHandlers;
import com.crm.integrations.common.consumer.IdempotentConsumer;
import com.crm.integrations.common.events.EventType;
import com.crm.integrations.common.events.payload.MailchimpCampaignCommandV1;
import com.crm.integrations.common.events.payload.MailchimpCommandKind;
import com.crm.integrations.common.events.payload.MailchimpMemberCommandV1;
import com.crm.integrations.common.events.payload.MailchimpSubscribeCommandV1;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * Reads the CRM's commands from {@code mailchimp.commands} and stores each, in the consumer's transaction, for the
 * {@link CommandWorker}: the consumer's quick retries cover only the store, never Mailchimp, so a Mailchimp outage delays
 * commands instead of dead-lettering them. A command's id is its {@code ce_id}. A record that cannot be read as its
 * command (wrong types, a missing action, set_tags without tags, …) goes to the dead-letter topic; one that is a command
 * but an impossible one is stored as failed and answered with {@code mailchimp.command-failed.v1} ({@link Commands}).
 */
@ApplicationScoped
public class CommandIntake {

    /** The consumer's name: its Kafka group and where it remembers processed commands. */
    public static final String CONSUMER = "mailchimp-service.commands";

    private final IdempotentConsumer consumer;
    private final Commands commands;
    private final CommandWorker worker;
    private final EventHandlers handlers;

    public CommandIntake(IdempotentConsumer consumer, Commands commands, CommandWorker worker) {
        this.consumer = consumer;
        this.commands = commands;
        this.worker = worker;
        this.handlers = EventHandlers.of(CONSUMER)
                .on(EventType.MAILCHIMP_MEMBER_COMMAND, MailchimpMemberCommandV1.class,
                        (tx, event, command) -> store(tx, event, MailchimpCommandKind.MEMBER, command))
                .on(EventType.MAILCHIMP_SUBSCRIBE_COMMAND, MailchimpSubscribeCommandV1.class,
                        (tx, event, command) -> store(tx, event, MailchimpCommandKind.SUBSCRIBE, command))
                .on(EventType.MAILCHIMP_CAMPAIGN_COMMAND, MailchimpCampaignCommandV1.class,
                        (tx, event, command) -> store(tx, event, MailchimpCommandKind.CAMPAIGN, command))
                .build();
    }

    @Incoming("mailchimp-commands")
    public Uni<Void> consume(Message<byte[]> record) {
        return consumer.process(record, handlers).invoke(worker::wake);
    }

    private Uni<Void> store(SqlConnection tx, ConsumedEvent event, MailchimpCommandKind kind, Record command) {
        return commands.store(tx, event.tenant(), event.id(), kind, command, event.source());
    }
}
