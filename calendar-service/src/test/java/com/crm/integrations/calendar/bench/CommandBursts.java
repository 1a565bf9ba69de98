package com.crm.integrations.calendar.bench;

import java.time.Duration;
import java.util.List;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.eclipse.microprofile.config.ConfigProvider;

import io.smallrye.mutiny.operators.multi.processors.UnicastProcessor;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import io.smallrye.reactive.messaging.kafka.companion.ProducerTask;

/**
 * Sends the CRM's commands on {@code calendar.commands} in bursts, as a CRM service would, through one
 * {@link KafkaCompanion} producer that stays open for the whole benchmark: a companion producer task closes its
 * producer when its records run out, so each burst would otherwise pay for a new producer and its metadata before
 * its first record left. Here the task reads from a processor that only ends on {@link #close()}; the first burst
 * (a warm-up round's) creates the producer, and a measured burst's clock starts as its first record is handed over.
 */
final class CommandBursts implements AutoCloseable {

    private final KafkaCompanion kafka;
    private final UnicastProcessor<ProducerRecord<String, byte[]>> outgoing = UnicastProcessor.create();
    private final ProducerTask task;
    private int handedOver;

    CommandBursts() {
        kafka = new KafkaCompanion(ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
        task = kafka.produce(Serdes.String(), Serdes.ByteArray()).fromMulti(outgoing);
    }

    /**
     * Hands {@code records} to the producer one after the other and waits until the broker acknowledged them all.
     *
     * @return the epoch ms just before the first was handed over
     */
    long send(List<ProducerRecord<String, byte[]>> records, Duration wait) {
        long first = System.currentTimeMillis();
        records.forEach(outgoing::onNext);
        handedOver += records.size();
        task.awaitRecords(handedOver, wait);
        return first;
    }

    @Override
    public void close() {
        outgoing.onComplete();
        task.awaitCompletion(Duration.ofSeconds(10));
        kafka.close();
    }
}
