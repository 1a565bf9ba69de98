package com.crm.integrations.token.service;

import java.util.UUID;

import com.crm.integrations.common.problem.ConflictException;

/** A run of the same scope is going: 409, naming it (and {@code Location} points at it). */
public class RefreshRunConflictException extends ConflictException {

    private final UUID runningId;

    public RefreshRunConflictException(String scope, UUID runningId) {
        super("A refresh run of scope " + scope + " is running: " + runningId + " (follow it, or ask again once it finished)");
        this.runningId = runningId;
    }

    public UUID runningId() {
        return runningId;
    }
}
