package com.crm.integrations.sandbox.control;

/** Fired by {@code POST /control/reset}: every stand-in observes it and forgets its state. */
public record SandboxReset() {
}
