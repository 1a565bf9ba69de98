package com.crm.integrations.sandbox.provider.service;

import com.crm.integrations.sandbox.provider.ErrorPage;
import com.crm.integrations.sandbox.provider.ProviderRefusal;
import com.crm.integrations.sandbox.provider.Refusal;
import com.crm.integrations.sandbox.provider.TokenError;
import com.crm.integrations.sandbox.provider.service.ProviderProfile.AuthorizeError;

/** The three ways the OAuth engine refuses, each in the provider's words: token endpoint, authorization request, page. */
final class Refusals {

    private Refusals() {
    }

    /** A token or revocation request refused with the provider's JSON error. */
    static ProviderRefusal token(ProviderProfile profile, TokenError error) {
        return new ProviderRefusal(profile.refuse(error), error.reason().name());
    }

    static ProviderRefusal token(ProviderProfile profile, Refusal reason, String detail) {
        return token(profile, TokenError.of(reason, detail));
    }

    /**
     * An authorization request refused with the provider's error page or error redirect.
     *
     * @param redirectUri the registered redirect URI to send the error to; {@code null} when it must not redirect
     * @param aadsts Microsoft's number for the error (others ignore it)
     */
    static ProviderRefusal authorize(ProviderProfile profile, String redirectUri, String state, String error, String description,
            int aadsts) {
        return new ProviderRefusal(profile.authorizeError(new AuthorizeError(redirectUri, state, error, description, aadsts)), error);
    }

    /** A consent answer refused with a 400 page. */
    static ProviderRefusal page(ProviderProfile profile, String error, String description) {
        return new ProviderRefusal(new ErrorPage(profile.displayName(), error, description), error);
    }
}
