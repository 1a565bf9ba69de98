package com.crm.integrations.common.problem;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;

import org.junit.jupiter.api.Test;

import com.crm.integrations.testing.IntegrationInfrastructure;
import com.crm.integrations.testing.contract.Problems;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** A request whose database connection is lost mid-transaction is a 503, however the failure comes wrapped. */
@QuarkusTest
@WithTestResource(value = IntegrationInfrastructure.class, initArgs = @ResourceArg(name = "sandbox", value = "false"))
class LostConnectionAnswersTest {

    @Test
    void aLostConnectionWrappedByHibernateIsUnavailable() {
        Problems.assertProblem(given().get("/failure-probe/lost-connection"), 503, "service-unavailable")
                .header("Retry-After", "5");
    }

    @Test
    void aLostConnectionWhoseRollbackFailedTooIsUnavailable() {
        Problems.assertProblem(given().get("/failure-probe/lost-connection-then-rollback"), 503, "service-unavailable")
                .header("Retry-After", "5");
    }

    @Test
    void ourOwnFailureWhoseRollbackFailedAnswersAsItselfWithItsDetail() {
        Problems.assertProblem(given().get("/failure-probe/not-found-then-rollback"), 404, "not-found")
                .body("detail", equalTo("No link 42"));
    }

    @Test
    void aBugWhoseRollbackFailedIsStillABugAndItsMessageStaysInTheLog() {
        Problems.assertProblem(given().get("/failure-probe/bug-then-rollback"), 500, "internal-error")
                .body("detail", matchesPattern("An unexpected error occurred\\. Reference: [0-9a-f-]{36}"))
                .body("detail", not(containsString("SELECT")));
    }
}
