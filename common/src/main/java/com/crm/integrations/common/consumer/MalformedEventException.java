package com.crm.integrations.common.consumer;

/**
 * A record that is not one of our events: not JSON, missing or invalid CloudEvents headers, a key
 * that is not its tenant, an unknown type, a payload that does not fit its type. Retrying cannot
 * help: it goes to the dead-letter topic at once, with this message as the reason. Messages name
 * what is wrong, never a payload value.
 */
public class MalformedEventException extends RuntimeException {

    public MalformedEventException(String message) {
        super(message, null, false, false);
    }
}
