package com.crm.integrations.common.retry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.util.Optional;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.Test;

import com.crm.integrations.common.retry.ProviderErrors.ProviderError;

class ProviderCallExceptionTest {

    @Test
    void aRefusedConnectionIsUnreachableWhateverWrapsIt() {
        // When
        ProviderCallException failure = ProviderCallException.unreachable("google", "refresh",
                new IllegalStateException("wrapped", new ConnectException("Connection refused: oauth2.googleapis.com/142.250.1.1:443")));

        // Then
        assertEquals(FailureCategory.TRANSIENT, failure.category());
        assertEquals("unreachable", failure.providerCode());
        assertEquals(0, failure.status());
    }

    @Test
    void timeoutsOfEveryKindAreTimeouts() {
        // Given
        Throwable[] timeouts = { new TimeoutException(), new RuntimeException(new SocketTimeoutException("read timed out")),
                new org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException(), new VendorTimeoutException() };

        for (Throwable timeout : timeouts) {
            // When
            ProviderCallException failure = ProviderCallException.unreachable("microsoft", "refresh", timeout);

            // Then
            assertEquals("timeout", failure.providerCode(), timeout.toString());
        }
    }

    @Test
    void theMessageNamesTheCallAndNeverTheCausesText() {
        // When
        ProviderCallException failure = ProviderCallException.unreachable("mapbox", "token check",
                new ConnectException("GET https://api.mapbox.com/tokens/v2?access_token=sk.secret.value"));
        ProviderCallException refused = new ProviderCallException("google", "refresh", 400,
                new ProviderError(FailureCategory.AUTH, "invalid_grant", Optional.empty()));

        // Then
        assertEquals("mapbox token check failed: no answer, transient (unreachable)", failure.getMessage());
        assertEquals("google refresh failed: HTTP 400, auth (invalid_grant)", refused.getMessage());
        assertFalse(failure.getMessage().contains("sk.secret"));
        assertEquals(null, failure.getCause());
    }

    /** A client library's own timeout type (Netty's ReadTimeoutException, Vert.x's NoStackTraceTimeoutException). */
    private static final class VendorTimeoutException extends RuntimeException {
    }
}
