package com.crm.integrations.sandbox.calendar;

import com.crm.integrations.sandbox.provider.Grant;
import com.crm.integrations.sandbox.provider.Provider;

/**
 * Who sent a batch, as the gate saw it.
 *
 * @param grant the grant of the batch's own bearer token; {@code null} at Google when it had none valid (each part may
 *     carry its own {@code Authorization})
 * @param requestSeq the batch's number in the request log, which its inner requests refer to
 */
public record BatchCaller(Provider provider, Grant grant, long requestSeq) {

    /** The account of the batch's own token, or {@code null}. */
    public String account() {
        return grant == null ? null : grant.account();
    }
}
