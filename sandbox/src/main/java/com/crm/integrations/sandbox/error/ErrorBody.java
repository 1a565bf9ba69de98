package com.crm.integrations.sandbox.error;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** The error body of every refusal, shaped as RFC 6749 §5.2: {@code {"error", "error_description"}}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ErrorBody(String error, @JsonProperty("error_description") String errorDescription) {
}
