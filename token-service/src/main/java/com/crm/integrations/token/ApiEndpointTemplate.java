package com.crm.integrations.token;

import java.net.URI;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A provider's per-data-centre API host, {@code https://{dc}.api.mailchimp.com}: the only hosts we
 * send a key or token to. A data centre must look like one ({@code us21}), and an API endpoint a
 * provider returns must be exactly the template's for its data centre: no request leaves for any
 * other host.
 */
public final class ApiEndpointTemplate {

    /** Mailchimp's data centres: letters then digits ({@code us1}, {@code us21}). */
    public static final Pattern DATA_CENTRE = Pattern.compile("[a-z]{2,4}[0-9]{1,3}");
    private static final String PLACEHOLDER = "{dc}";

    private final String template;

    public ApiEndpointTemplate(String template) {
        Objects.requireNonNull(template, "template");
        if (!template.contains(PLACEHOLDER)) {
            throw new IllegalArgumentException("An API endpoint template needs " + PLACEHOLDER + ": " + template);
        }
        URI sample = URI.create(template.replace(PLACEHOLDER, "us1"));
        if (sample.getScheme() == null || sample.getHost() == null) {
            throw new IllegalArgumentException("An API endpoint template must be an absolute URL: " + template);
        }
        this.template = template.endsWith("/") ? template.substring(0, template.length() - 1) : template;
    }

    /** The endpoint of a data centre, if it is one. */
    public Optional<URI> forDataCentre(String dataCentre) {
        if (dataCentre == null || !DATA_CENTRE.matcher(dataCentre).matches()) {
            return Optional.empty();
        }
        return Optional.of(URI.create(template.replace(PLACEHOLDER, dataCentre)));
    }

    /** Whether {@code endpoint} is exactly this template's endpoint for {@code dataCentre}. */
    public boolean matches(String dataCentre, String endpoint) {
        if (endpoint == null) {
            return false;
        }
        String normalised = endpoint.endsWith("/") ? endpoint.substring(0, endpoint.length() - 1) : endpoint;
        return forDataCentre(dataCentre).map(uri -> uri.toString().equals(normalised)).orElse(false);
    }

    @Override
    public String toString() {
        return template;
    }
}
