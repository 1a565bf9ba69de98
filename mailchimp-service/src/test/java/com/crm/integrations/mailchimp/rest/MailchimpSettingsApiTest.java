package com.crm.integrations.mailchimp.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.crm.integrations.mailchimp.MailchimpInfrastructure;
import com.crm.integrations.testing.contract.Problems;
import com.crm.integrations.testing.contract.TestUser;
import com.crm.integrations.testing.contract.TenantSettingsApiContract;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

@QuarkusTest
@WithTestResource(MailchimpInfrastructure.class)
class MailchimpSettingsApiTest extends TenantSettingsApiContract {

    @Test
    void aFieldMappingWithAnInvalidMergeTagOrCrmFieldIsRefused() {
        // Given
        TestUser admin = TestUser.fresh();
        for (Map<String, Object> mapping : List.<Map<String, Object>>of(Map.of("first name", "firstName"),
                Map.of("FNAME", "1st"), Map.of("WAYTOOLONGTAG", "x"))) {
            // When
            Response response = given().auth().oauth2(admin.adminToken()).contentType(ContentType.JSON)
                    .body(map("doubleOptIn", true, "tagPrefix", "crm-", "fieldMapping", mapping)).put(path());
            // Then
            Problems.assertProblem(response, 422, "validation-failed").body("errors[0].field", containsString("fieldMapping"));
        }
    }

    @Override
    protected String path() {
        return "/mailchimp/settings";
    }

    @Override
    protected String internalPath(String tenant) {
        return "/internal/tenants/" + tenant + "/mailchimp/settings";
    }

    @Override
    protected Map<String, Object> validSettings() {
        return map("defaultAudienceId", "a1b2c3d4e5", "doubleOptIn", false, "tagPrefix", "acme-",
                "fieldMapping", Map.of("FNAME", "givenName", "MMERGE7", "custom.shoeSize"));
    }

    @Override
    protected Map<String, Object> defaultSettings() {
        return map("doubleOptIn", true, "tagPrefix", "crm-", "fieldMapping.FNAME", "firstName", "fieldMapping.LNAME", "lastName");
    }

    @Override
    protected Map<String, Object> invalidSettings() {
        return map("defaultAudienceId", "not-an-audience", "doubleOptIn", true, "tagPrefix", "crm-");
    }

    @Override
    protected String invalidField() {
        return "defaultAudienceId";
    }

    @Override
    protected Map<String, Object> wrongTypeSettings() {
        return map("doubleOptIn", java.util.List.of(true), "tagPrefix", "crm-");
    }

    @Override
    protected String wrongTypeField() {
        return "doubleOptIn";
    }
}
