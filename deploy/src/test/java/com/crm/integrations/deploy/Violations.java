package com.crm.integrations.deploy;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;

/** How a check's findings fail a test: every one, a line each. */
final class Violations {

    private Violations() {
    }

    static void assertNone(String rule, List<String> violations) {
        if (!violations.isEmpty()) {
            fail(rule + " — " + violations.size() + " violation(s):\n  - " + String.join("\n  - ", violations));
        }
    }
}
