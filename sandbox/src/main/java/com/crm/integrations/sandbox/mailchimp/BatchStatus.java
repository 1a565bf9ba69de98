package com.crm.integrations.sandbox.mailchimp;

/**
 * A {@code /batches} request's {@code status} (PROVIDERS.md §5.3): {@code pending} until it is picked up,
 * {@code started} while its operations run, {@code finished} once its results can be downloaded. Mailchimp also shows
 * {@code preprocessing} and {@code finalizing} in between, which the stand-in does not: a client must take every status
 * but {@code finished} as "not yet".
 */
public enum BatchStatus {
    PENDING("pending"),
    STARTED("started"),
    FINISHED("finished");

    private final String wireName;

    BatchStatus(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}
