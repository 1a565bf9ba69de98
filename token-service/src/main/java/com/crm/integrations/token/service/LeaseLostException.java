package com.crm.integrations.token.service;

import java.util.UUID;

/** Another worker took a key rotation run over (this one's lease had expired): this one stops, its last batch rolled back. */
public class LeaseLostException extends IllegalStateException {

    public LeaseLostException(UUID rotation) {
        super("Key rotation " + rotation + ": the lease passed to another worker");
    }
}
