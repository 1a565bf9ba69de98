package com.crm.integrations.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

/** What is committed under deploy/: manifests, docs, the checks and their fixtures. */
class DeployFilesTest {

    @Test
    void noFileUnderDeployLooksLikeASecret() {
        // When
        List<String> findings = SecretRules.scanFiles(Project.deploy());

        // Then
        assertEquals(List.of(), findings);
    }
}
