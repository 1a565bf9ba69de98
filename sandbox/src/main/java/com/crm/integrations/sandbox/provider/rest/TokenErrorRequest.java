package com.crm.integrations.sandbox.provider.rest;

import com.crm.integrations.sandbox.provider.TokenFault;

/** The JSON body of {@code POST /control/{provider}/accounts/{account}/token-errors}. */
public record TokenErrorRequest(String error, Integer errorCode, Integer status, String description, Integer times) {

    TokenFault toFault() {
        return new TokenFault(error, errorCode, status, description, times);
    }
}
