package com.crm.integrations.calendar;

import com.fasterxml.jackson.annotation.JsonValue;

/** Which way calendar changes flow between the CRM and the provider. */
public enum SyncDirection {
    TWO_WAY("two_way"),
    IMPORT_ONLY("import_only"),
    EXPORT_ONLY("export_only");

    private final String wireName;

    SyncDirection(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    @Override
    public String toString() {
        return wireName;
    }
}
