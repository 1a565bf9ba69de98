package com.crm.integrations.common.outbox;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.eclipse.microprofile.config.Config;

import com.crm.integrations.common.events.Channels;

import io.smallrye.reactive.messaging.ClientCustomizer;

/**
 * Gives the relay's producer back its own retries.
 *
 * <p>
 * The Kafka connector reads the channel's {@code retries} twice: its sink resends a failed record
 * by itself, later than the records sent after it, and it passes the same value to the producer.
 * The relay needs the opposite: no resend by the sink (a failed record must stay the tenant's first
 * unacknowledged one, resent by the relay in order) and the idempotent producer's ordered retries
 * until {@code delivery.timeout.ms}. So the channel says {@code retries=0} and this customizer,
 * for that channel only, restores the producer's {@code retries} to its maximum (an idempotent
 * producer refuses zero).
 */
@ApplicationScoped
public class OutboxProducerRetries implements ClientCustomizer<Map<String, Object>> {

    @Override
    public Map<String, Object> customize(String channel, Config channelConfig, Map<String, Object> config) {
        if (Channels.OUTBOX.equals(channel)) {
            config.put(ProducerConfig.RETRIES_CONFIG, Integer.toString(Integer.MAX_VALUE));
        }
        return config;
    }
}
