package com.crm.integrations.mailchimp.service;

import java.time.Duration;

import com.crm.integrations.common.problem.ConflictException;
import com.crm.integrations.common.problem.UnavailableException;
import com.crm.integrations.common.retry.ProviderCallException;
import com.crm.integrations.mailchimp.client.MailchimpApi;
import com.crm.integrations.mailchimp.client.MailchimpRejectedException;

/** A failed call to Mailchimp (or to token-service for it) as the API's caller sees it. */
final class MailchimpProblems {

    private MailchimpProblems() {
    }

    /** {@code doing}: what we were asking Mailchimp, e.g. "register the webhook". */
    static Throwable of(Throwable failure, String doing) {
        if (failure instanceof MailchimpRejectedException rejected) {
            return new ConflictException("Could not " + doing + ": " + rejected.getMessage());
        }
        if (failure instanceof ProviderCallException call && !MailchimpApi.PROVIDER.equals(call.provider())) {
            return new UnavailableException("token-service cannot be reached now", call.retryAfter().orElse(Duration.ofSeconds(5)));
        }
        if (failure instanceof ProviderCallException call && call.error().retryable()) {
            return new UnavailableException("Mailchimp cannot be reached now to " + doing,
                    call.retryAfter().orElse(Duration.ofSeconds(5)));
        }
        if (failure instanceof ProviderCallException call) {
            // Mailchimp refused the request and will again: nothing the caller can fix by retrying soon.
            return new UnavailableException("Mailchimp refused to " + doing + " ("
                    + (call.providerCode() == null ? "HTTP " + call.status() : call.providerCode()) + ")", Duration.ofSeconds(60));
        }
        return failure;
    }
}
