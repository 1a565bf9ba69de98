package com.crm.integrations.token.service;

import java.util.UUID;

import com.crm.integrations.common.problem.ResourceNotFoundException;

/** No connection has this id, or none the caller may see (another tenant's, another user's): 404 either way. */
public class ConnectionNotFoundException extends ResourceNotFoundException {

    public ConnectionNotFoundException(UUID id) {
        super("No connection " + id);
    }
}
