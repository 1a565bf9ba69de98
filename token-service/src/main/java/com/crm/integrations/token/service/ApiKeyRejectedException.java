package com.crm.integrations.token.service;

import com.crm.integrations.common.problem.InvalidInputException;

/** The provider refused the API key, or it is not one of the provider's keys: nothing was stored (422). */
public class ApiKeyRejectedException extends InvalidInputException {

    public ApiKeyRejectedException(String reason) {
        super("The API key was not accepted: " + reason + ". Nothing was stored.");
    }
}
