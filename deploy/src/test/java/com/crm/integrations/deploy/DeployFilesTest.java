package com.crm.integrations.deploy;

import java.util.List;

import org.junit.jupiter.api.Test;

/** What is committed under deploy/: manifests, docs, the checks and their fixtures. */
class DeployFilesTest {

    @Test
    void noFileUnderDeployLooksLikeASecret() {
        // When
        List<String> findings = SecretRules.scanFiles(Project.deploy());

        // Then
        Violations.assertNone("no file under deploy/ looks like a secret", findings);
    }
}
