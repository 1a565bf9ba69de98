package com.crm.integrations.token.service;

import java.util.Optional;

import com.crm.integrations.token.Connection;
import com.crm.integrations.token.Secret;

/**
 * What storing a grant or key did.
 *
 * @param reconnected   whether it replaced the tokens of the owner's live connection rather than creating one
 * @param replacedGrant the refresh token of another provider account this reconnect replaced: its grant is
 *                      still live at the provider and is revoked once the new one is stored
 */
public record StoredOutcome(Connection connection, boolean reconnected, Optional<Secret> replacedGrant) {
}
