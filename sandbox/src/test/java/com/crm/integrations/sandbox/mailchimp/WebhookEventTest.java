package com.crm.integrations.sandbox.mailchimp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class WebhookEventTest {

    @Test
    void encodesKeysAndValuesAsPhpDoes() {
        // Given
        WebhookEvent event = new WebhookEvent(EventType.SUBSCRIBE, Instant.parse("2009-03-26T21:35:57Z"),
                List.of(Map.entry("data[email]", "api@mailchimp.com"), Map.entry("data[merges][FNAME]", "Ada Mary"),
                        Map.entry("data[merges][INTERESTS]", "Group1,Group2")));

        // When
        String body = event.formBody();

        // Then
        assertEquals("type=subscribe&fired_at=2009-03-26+21%3A35%3A57&data%5Bemail%5D=api%40mailchimp.com"
                + "&data%5Bmerges%5D%5BFNAME%5D=Ada+Mary&data%5Bmerges%5D%5BINTERESTS%5D=Group1%2CGroup2", body);
    }

    @Test
    void growsEachRetryDelayByTheFactorWithinTheWindow() {
        // Given
        RetryPolicy policy = new RetryPolicy(Duration.ofSeconds(10), Duration.ofMinutes(1), 2, Duration.ofMinutes(75));

        // When
        List<Duration> delays = List.of(policy.delayAfter(1), policy.delayAfter(2), policy.delayAfter(6));

        // Then
        assertEquals(List.of(Duration.ofMinutes(1), Duration.ofMinutes(2), Duration.ofMinutes(32)), delays);
        assertEquals(true, policy.retries(Duration.ofMinutes(31), Duration.ofMinutes(32)));
        assertEquals(false, policy.retries(Duration.ofMinutes(63), Duration.ofMinutes(64)));
    }
}
