package com.crm.integrations.sandbox.mailchimp.service;

import jakarta.inject.Singleton;

import com.crm.integrations.sandbox.provider.service.MailchimpApi;

/** Lets a Marketing API call through when its credential may call data centre {@code dc} (PROVIDERS.md §5.1, §5.2). */
@Singleton
public class MailchimpGate {

    private final MailchimpApi api;

    MailchimpGate(MailchimpApi api) {
        this.api = api;
    }

    /**
     * @return the account the credential speaks for
     * @throws com.crm.integrations.sandbox.provider.ProviderRefusal 401 {@code API Key Missing} or {@code API Key Invalid}
     */
    public String require(String dc, String authorization) {
        MailchimpApi.Access access = api.apiAccess(dc, authorization);
        if (access != MailchimpApi.Access.GRANTED) {
            throw MailchimpErrors.refusal(MailchimpErrors.unauthorized(access == MailchimpApi.Access.MISSING));
        }
        return api.account(dc, authorization).orElseThrow();
    }
}
