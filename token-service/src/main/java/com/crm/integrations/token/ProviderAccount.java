package com.crm.integrations.token;

import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * The provider account a connection reaches.
 *
 * @param id          the provider's stable id of the account (OpenID {@code sub}/Microsoft {@code oid},
 *                    Mailchimp {@code user_id}, Mapbox user), if known
 * @param login       the e-mail address or login shown to people, if known
 * @param dataCentre  Mailchimp's data centre ({@code us21})
 * @param apiEndpoint Mailchimp's API endpoint for that data centre
 */
public record ProviderAccount(Optional<String> id, Optional<String> login, Optional<String> dataCentre,
        Optional<URI> apiEndpoint) {

    public static final ProviderAccount UNKNOWN = new ProviderAccount(Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty());

    public ProviderAccount {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(login, "login");
        Objects.requireNonNull(dataCentre, "dataCentre");
        Objects.requireNonNull(apiEndpoint, "apiEndpoint");
    }
}
