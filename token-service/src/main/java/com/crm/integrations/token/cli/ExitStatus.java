package com.crm.integrations.token.cli;

/**
 * How {@code refresh-tokens} ends, and its exit code. A user who must reconnect ({@code needs_reauth}) is
 * routine and ends {@link #COMPLETED}; a connection our own app's configuration broke ({@code misconfigured})
 * needs an operator and does not.
 */
public enum ExitStatus {
    /** The run completed and no connection became misconfigured. */
    COMPLETED(0),
    /** The run failed, or could not be started or followed (the API or the identity provider unreachable or refusing). */
    FAILED(1),
    /** Bad arguments (ours, or the API's 422). */
    USAGE(2),
    /** The run completed, and at least one connection is misconfigured: an operator must fix the provider's app. */
    MISCONFIGURED(3),
    /** A run of the same scope is running already (409): its id is printed. */
    CONFLICT(4);

    private final int code;

    ExitStatus(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The status a finished run ends the command with. */
    public static ExitStatus of(RunSnapshot run) {
        if (!RunSnapshot.COMPLETED.equals(run.status())) {
            return FAILED;
        }
        return run.count(RunSnapshot.MISCONFIGURED) > 0 ? MISCONFIGURED : COMPLETED;
    }
}
