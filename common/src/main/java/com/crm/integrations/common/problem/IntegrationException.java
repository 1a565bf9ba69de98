package com.crm.integrations.common.problem;

/**
 * Base of the failures a caller can act on. Each subclass is one such failure; {@link
 * ProblemStatusTable} maps it to its problem type, and its message becomes the problem's
 * {@code detail}, so a message must never carry a secret, SQL or a class name.
 */
public abstract class IntegrationException extends RuntimeException {

    protected IntegrationException(String message) {
        super(message, null, false, false);
    }

    protected IntegrationException(String message, Throwable cause) {
        super(message, cause, false, false);
    }
}
