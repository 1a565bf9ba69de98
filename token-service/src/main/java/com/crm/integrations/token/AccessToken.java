package com.crm.integrations.token;

import java.net.URI;
import java.time.Instant;
import java.util.Optional;

/**
 * A current access token for a sibling service: the token (or API key), when it expires (empty:
 * it does not), and for Mailchimp the API endpoint to call.
 */
public record AccessToken(Secret token, Optional<Instant> expiresAt, Optional<URI> apiEndpoint) {
}
