package com.crm.integrations.sandbox.mailchimp.service;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import com.crm.integrations.sandbox.error.InvalidRequestException;
import com.crm.integrations.sandbox.mailchimp.MailchimpReset;
import com.crm.integrations.sandbox.mailchimp.config.MailchimpMembersConfig;

/**
 * Mailchimp's re-subscribe limit (PROVIDERS.md §5.3 [obs]): an address the API moves from not subscribed to
 * {@code subscribed} or {@code pending} more than {@code max} times within {@code window} (sandbox clock), in any
 * audience, is refused with "… has signed up to a lot of lists very recently". Only the API's writes count and are
 * refused: the control API's subscriber and admin stand for Mailchimp's own forms and UI. Called under an audience's
 * lock; takes only its own.
 */
@Singleton
public class SignupLimits {

    private static final Logger LOG = Logger.getLogger(SignupLimits.class);
    private static final Duration LONGEST = Duration.ofDays(366);

    /** The limit in force; {@code max} 0: none. */
    public record Setting(int max, Duration window) {
        public Setting {
            if (max < 0 || max > 1_000_000) {
                throw new InvalidRequestException("max must be between 0 (none) and 1000000");
            }
            if (window == null || window.isNegative() || window.isZero() || window.compareTo(LONGEST) > 0) {
                throw new InvalidRequestException("window must be more than 0 and at most 366 days");
            }
        }
    }

    private final Setting configured;
    private final Map<String, Deque<Instant>> signups = new HashMap<>();
    private Setting current;

    SignupLimits(MailchimpMembersConfig config) {
        this.configured = new Setting(config.signupLimit(), config.signupWindow());
        this.current = configured;
    }

    /**
     * Counts a signup of {@code email} at {@code now}.
     *
     * @throws com.crm.integrations.sandbox.provider.ProviderRefusal 400 when the address had {@code max} within the window
     */
    public synchronized void admit(String email, Instant now) {
        if (current.max() == 0) {
            return;
        }
        Deque<Instant> times = signups.computeIfAbsent(email.trim().toLowerCase(Locale.ROOT), address -> new ArrayDeque<>());
        Instant from = now.minus(current.window());
        while (!times.isEmpty() && !times.peekFirst().isAfter(from)) {
            times.removeFirst();
        }
        if (times.size() >= current.max()) {
            LOG.infof("Mailchimp signup refused: too many within %s (max %d)", current.window(), current.max());
            throw MailchimpErrors.tooManySignups(email);
        }
        times.addLast(now);
    }

    public synchronized Setting current() {
        return current;
    }

    /** Each {@code null} keeps the figure in force; signups counted so far still count. */
    public synchronized Setting change(Integer max, Duration window) {
        current = new Setting(max == null ? current.max() : max, window == null ? current.window() : window);
        LOG.infof("Mailchimp signup limit: max=%d window=%s", current.max(), current.window());
        return current;
    }

    synchronized void reset(@Observes MailchimpReset reset) {
        signups.clear();
        current = configured;
    }
}
