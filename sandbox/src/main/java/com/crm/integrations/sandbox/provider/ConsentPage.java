package com.crm.integrations.sandbox.provider;

/**
 * The consent page of a valid authorization request.
 *
 * @param consentPath where the form posts, e.g. {@code /google/consent}
 * @param account the account the page proposes
 * @param dc the data centre to propose, or {@code null} for no data-centre field
 */
public record ConsentPage(String providerName, String consentPath, PendingConsent consent, String account, String dc)
        implements ProviderAnswer {
}
