package com.crm.integrations.sandbox.calendar.service;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import com.crm.integrations.sandbox.calendar.BatchOrder;
import com.crm.integrations.sandbox.calendar.CalendarReset;
import com.crm.integrations.sandbox.provider.Provider;

/** The order in which each provider's batches give their answers ({@link BatchOrder}); request order until set, and after a reset. */
@Singleton
public class BatchOrders {

    /** @param seed of the shuffle; {@code null}: a new random order every batch */
    public record Setting(String order, Long seed) {
    }

    private record InForce(BatchOrder order, Long seed, Random random) {
    }

    private final Map<Provider, InForce> orders = new EnumMap<>(Provider.class);

    public synchronized Setting set(Provider provider, BatchOrder order, Long seed) {
        orders.put(provider, new InForce(order, seed, seed == null ? new Random() : new Random(seed)));
        return get(provider);
    }

    public synchronized Setting get(Provider provider) {
        InForce inForce = orders.get(provider);
        return inForce == null ? new Setting(BatchOrder.REQUEST.wireName(), null) : new Setting(inForce.order().wireName(), inForce.seed());
    }

    /** The answers in the order in force. */
    public synchronized <T> List<T> arrange(Provider provider, List<T> answers) {
        InForce inForce = orders.get(provider);
        if (inForce == null || inForce.order() == BatchOrder.REQUEST) {
            return answers;
        }
        List<T> arranged = new ArrayList<>(answers);
        if (inForce.order() == BatchOrder.REVERSED) {
            Collections.reverse(arranged);
        } else {
            Collections.shuffle(arranged, inForce.random());
        }
        return arranged;
    }

    synchronized void reset(@Observes CalendarReset reset) {
        orders.clear();
    }
}
