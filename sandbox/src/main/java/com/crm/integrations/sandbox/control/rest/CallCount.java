package com.crm.integrations.sandbox.control.rest;

/** How many calls reached paths matching {@code path} since the last reset. */
public record CallCount(String path, long count) {
}
