package com.crm.integrations.token.crypto;

import com.crm.integrations.common.events.payload.WireNamed;

/**
 * Which secret of a connection row a ciphertext holds. The wire name goes into the associated data
 * ({@link SealContext#associatedData()}), so a sealed access token cannot be read back as the row's
 * refresh token, and renaming a constant must never change its wire name.
 */
public enum TokenField implements WireNamed {
    ACCESS("access"),
    REFRESH("refresh"),
    API_KEY("api_key");

    private final String wireName;

    TokenField(String wireName) {
        this.wireName = wireName;
    }

    /** The stable name bound into the associated data (and usable in logs). */
    @Override
    public String wireName() {
        return wireName;
    }

    @Override
    public String toString() {
        return wireName;
    }
}
