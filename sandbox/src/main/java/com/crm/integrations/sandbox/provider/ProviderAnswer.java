package com.crm.integrations.sandbox.provider;

/**
 * What a stand-in answers, as a value: the {@code rest} package renders it ({@code ProviderAnswers}) with the
 * provider's status, headers and body, so that services never build HTTP responses.
 */
public sealed interface ProviderAnswer permits JsonAnswer, ApiAnswer, ErrorPage, Redirect, ConsentPage {
}
