package com.crm.integrations.common.consumer;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import com.crm.integrations.common.events.EventType;

/**
 * What one consumer does with each event type it reads. A type it has no handler for is
 * acknowledged and skipped when it is one of ours ({@link EventType}: a topic carries all of its
 * publisher's types); any other type is malformed and goes to the dead-letter topic.
 *
 * <pre>
 * EventHandlers handlers = EventHandlers.of("calendar-service.token-events")
 *         .on(EventType.TOKEN_REFRESHED, TokenRefreshedV1.class, this::dropCachedToken)
 *         .build();
 * </pre>
 *
 * <p>
 * A handler registered with {@code on} writes through the transaction's SQL connection; one
 * registered with {@code onSession} gets a Hibernate Reactive session instead (services on Panache).</p>
 */
public final class EventHandlers {

    private final String consumer;
    private final Map<String, Registration<?>> byType;

    private EventHandlers(String consumer, Map<String, Registration<?>> byType) {
        this.consumer = consumer;
        this.byType = Map.copyOf(byType);
    }

    /**
     * @param consumer the consumer's name: its Kafka consumer group, the key under which it
     *                 remembers processed events, and the prefix of its dead-letter topic
     */
    public static Builder of(String consumer) {
        if (consumer == null || consumer.isBlank()) {
            throw new IllegalArgumentException("A consumer has a name (its consumer group)");
        }
        return new Builder(consumer);
    }

    public String consumer() {
        return consumer;
    }

    Optional<Registration<?>> registrationOf(String type) {
        return Optional.ofNullable(byType.get(type));
    }

    /** Whether a type without a handler is still one we know (so it is skipped, not dead-lettered). */
    boolean knows(String type) {
        return byType.containsKey(type) || EventType.ofType(type).isPresent();
    }

    /** A handler of one type: exactly one of {@code handler} (SQL client) and {@code sessionHandler} (Hibernate Reactive). */
    record Registration<P>(Class<P> payloadType, EventHandler<P> handler, SessionEventHandler<P> sessionHandler) {
    }

    public static final class Builder {

        private final String consumer;
        private final Map<String, Registration<?>> byType = new LinkedHashMap<>();

        private Builder(String consumer) {
            this.consumer = consumer;
        }

        /** Handles one of our event types. */
        public <P> Builder on(EventType type, Class<P> payloadType, EventHandler<P> handler) {
            return on(type.type(), payloadType, handler);
        }

        /** Handles a type by its CloudEvent {@code type} name (the CRM's commands). */
        public <P> Builder on(String type, Class<P> payloadType, EventHandler<P> handler) {
            return register(type, payloadType, handler, new Registration<>(payloadType, handler, null));
        }

        /** Handles one of our event types in a Hibernate Reactive transaction. */
        public <P> Builder onSession(EventType type, Class<P> payloadType, SessionEventHandler<P> handler) {
            return onSession(type.type(), payloadType, handler);
        }

        /** Handles a type by its CloudEvent {@code type} name in a Hibernate Reactive transaction. */
        public <P> Builder onSession(String type, Class<P> payloadType, SessionEventHandler<P> handler) {
            return register(type, payloadType, handler, new Registration<>(payloadType, null, handler));
        }

        private Builder register(String type, Class<?> payloadType, Object handler, Registration<?> registration) {
            if (type == null || type.isBlank() || payloadType == null || handler == null) {
                throw new IllegalArgumentException("A handler needs a type, a payload class and a function");
            }
            if (byType.putIfAbsent(type, registration) != null) {
                throw new IllegalArgumentException("Two handlers for " + type + " in " + consumer);
            }
            return this;
        }

        public EventHandlers build() {
            return new EventHandlers(consumer, byType);
        }
    }
}
