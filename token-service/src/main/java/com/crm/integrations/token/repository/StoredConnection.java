package com.crm.integrations.token.repository;

import com.crm.integrations.token.Connection;

/** A connection with its sealed tokens, as one row holds them. */
public record StoredConnection(Connection connection, SealedTokens tokens) {
}
