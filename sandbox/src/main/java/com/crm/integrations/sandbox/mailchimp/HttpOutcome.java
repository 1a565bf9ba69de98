package com.crm.integrations.sandbox.mailchimp;

/** What a request to a webhook URL got: an answer's status, or a {@link AttemptFailure} (then {@code status} is {@code null}). */
public record HttpOutcome(Integer status, AttemptFailure failure) {

    public static HttpOutcome answered(int status) {
        return new HttpOutcome(status, null);
    }

    public static HttpOutcome failed(AttemptFailure failure) {
        return new HttpOutcome(null, failure);
    }

    public boolean succeeded() {
        return status != null && status >= 200 && status < 300;
    }

    /** 410 Gone: Mailchimp disables the webhook for good (PROVIDERS.md §6.4). */
    public boolean gone() {
        return status != null && status == 410;
    }

    /** {@code 200}, {@code timeout}, {@code unreachable}: for log lines. */
    @Override
    public String toString() {
        return status != null ? status.toString() : failure.wireName();
    }
}
