package com.crm.integrations.sandbox.calendar.service;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import com.crm.integrations.sandbox.calendar.CalendarReset;
import com.crm.integrations.sandbox.calendar.config.CalendarConfig;
import com.crm.integrations.sandbox.provider.Provider;

/**
 * Every batch the calendar stand-ins received, per provider, with its body exactly as it came, so that a test can check a
 * client's wire format (boundaries, line endings, part headers, inner request lines), and what became of each inner
 * request. The last {@code sandbox.calendar.batch-log-capacity} per provider are kept.
 */
@Singleton
public class BatchLog {

    /**
     * What became of one inner request.
     *
     * @param id its {@code Content-ID} as sent (Google; {@code null} without one) or {@code id} (Graph)
     * @param faulted an item-fault rule gave the answer
     */
    public record Outcome(String id, int status, boolean faulted) {
    }

    /**
     * One batch as received and answered.
     *
     * @param seq its number in this log
     * @param request its number in the request log ({@code GET …/requests}), which its inner requests name as {@code batch}
     * @param at when it was answered, epoch milliseconds of the real clock
     * @param account the account of the batch's own token, {@code null} without a valid one
     * @param body the body as received, its bytes read as UTF-8
     * @param parts how many inner requests it held; {@code null} when the envelope could not be read
     * @param status the batch's own status (200, or 400 for an envelope refused)
     * @param outcomes each inner request's, in the requests' order
     */
    public record BatchView(long seq, long request, long at, String account, String contentType, String body, Integer parts, int status,
            List<Outcome> outcomes) {
    }

    /** @param last the number of the last batch received, to pass as the next {@code since} */
    public record Listing(List<BatchView> batches, long last, long dropped) {
    }

    /** A batch to record. */
    public record Received(long request, String account, String contentType, byte[] body) {
    }

    private static final class Ring {
        private final ArrayDeque<BatchView> batches = new ArrayDeque<>();
        private long seq;
        private long dropped;
    }

    private final Map<Provider, Ring> rings = new EnumMap<>(Provider.class);
    private final int capacity;

    BatchLog(CalendarConfig config) {
        this.capacity = config.batchLogCapacity();
        rings.put(Provider.GOOGLE, new Ring());
        rings.put(Provider.MICROSOFT, new Ring());
    }

    public void record(Provider provider, Received batch, Integer parts, int status, List<Outcome> outcomes) {
        Ring ring = rings.get(provider);
        String body = new String(batch.body(), StandardCharsets.UTF_8);
        synchronized (ring) {
            if (ring.batches.size() >= capacity) {
                ring.batches.pollFirst();
                ring.dropped++;
            }
            ring.batches.addLast(new BatchView(++ring.seq, batch.request(), System.currentTimeMillis(), batch.account(), batch.contentType(),
                    body, parts, status, List.copyOf(outcomes)));
        }
    }

    public Listing list(Provider provider, long since) {
        Ring ring = rings.get(provider);
        List<BatchView> views = new ArrayList<>();
        synchronized (ring) {
            for (BatchView batch : ring.batches) {
                if (batch.seq() > since) {
                    views.add(batch);
                }
            }
            return new Listing(views, ring.seq, ring.dropped);
        }
    }

    void reset(@Observes CalendarReset reset) {
        rings.values().forEach(ring -> {
            synchronized (ring) {
                ring.batches.clear();
                ring.dropped = 0;
            }
        });
    }
}
