package com.crm.integrations.token.cli;

/** {@code refresh-tokens} cannot go on: the message for stderr, and how the command exits. */
public final class CommandFailure extends RuntimeException {

    private final ExitStatus status;

    public CommandFailure(ExitStatus status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    public ExitStatus status() {
        return status;
    }
}
