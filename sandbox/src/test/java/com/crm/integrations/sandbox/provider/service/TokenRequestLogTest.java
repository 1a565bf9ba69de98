package com.crm.integrations.sandbox.provider.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.crm.integrations.sandbox.control.SandboxReset;
import com.crm.integrations.sandbox.provider.Provider;
import com.crm.integrations.sandbox.provider.TokenRequestEntry;

class TokenRequestLogTest {

    private final TokenRequestLog log = new TokenRequestLog();

    @Test
    void keepsTheLastHundredThousandPerProviderAndCountsTheDropped() {
        // Given
        for (int i = 0; i < TokenRequestLog.CAPACITY + 5; i++) {
            log.record(Provider.GOOGLE, new TokenRequestEntry(i, "refresh_token", 200, false));
        }
        log.record(Provider.GENERIC, new TokenRequestEntry(7, "refresh_token", 200, false));

        // When
        TokenRequestLog.Listing google = log.list(Provider.GOOGLE, 0);

        // Then
        assertEquals(TokenRequestLog.CAPACITY, google.requests().size());
        assertEquals(5, google.dropped());
        assertEquals(5, google.requests().get(0).at());
        assertEquals(1, log.list(Provider.GENERIC, 0).requests().size());
        assertEquals(0, log.list(Provider.GENERIC, 0).dropped());
    }

    @Test
    void listsInArrivalOrderFromTheGivenTime() {
        // Given: recorded when answered, so a slow request comes after a quicker later one
        log.record(Provider.GENERIC, new TokenRequestEntry(300, "refresh_token", 200, false));
        log.record(Provider.GENERIC, new TokenRequestEntry(100, "authorization_code", 200, false));
        log.record(Provider.GENERIC, new TokenRequestEntry(200, null, 503, true));

        // When
        TokenRequestLog.Listing listing = log.list(Provider.GENERIC, 200);

        // Then
        assertEquals(List.of(200L, 300L), listing.requests().stream().map(TokenRequestEntry::at).toList());
    }

    @Test
    void forgetsEverythingOnReset() {
        // Given
        for (int i = 0; i < TokenRequestLog.CAPACITY + 1; i++) {
            log.record(Provider.MICROSOFT, new TokenRequestEntry(i, "refresh_token", 200, false));
        }

        // When
        log.reset(new SandboxReset());

        // Then
        assertEquals(0, log.list(Provider.MICROSOFT, 0).requests().size());
        assertEquals(0, log.list(Provider.MICROSOFT, 0).dropped());
    }
}
