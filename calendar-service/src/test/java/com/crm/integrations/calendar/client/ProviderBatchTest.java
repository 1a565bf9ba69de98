package com.crm.integrations.calendar.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.crm.integrations.calendar.CalendarInfrastructure;
import com.crm.integrations.calendar.CrmEvent;
import com.crm.integrations.calendar.sync.CalendarStandIn;
import com.crm.integrations.common.events.payload.CalendarCommandAction;
import com.crm.integrations.common.events.payload.CalendarEventFields;
import com.crm.integrations.common.events.payload.CalendarProvider;
import com.crm.integrations.common.tokens.AccessTokens;
import com.crm.integrations.testing.contract.TestUser;
import com.crm.integrations.testing.services.TokenServiceConnections;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The provider batch clients against the sandbox's batch endpoints: many writes in one request, each item's answer
 * matched to its call and read on its own, and a batch sent again creating nothing twice.
 */
@QuarkusTest
@WithTestResource(CalendarInfrastructure.class)
class ProviderBatchTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    GoogleCalendarApi google;

    @Inject
    GraphCalendarApi graph;

    @Inject
    AccessTokens tokens;

    @Test
    void googleBatchesWritesAndASecondSendIsDuplicates() {
        writesInOneBatchAndASecondSendMakesNothingNew(google, CalendarStandIn.google(account()), 409);
    }

    @Test
    void graphBatchesWritesAndASecondSendAnswersTheFirstEvents() {
        writesInOneBatchAndASecondSendMakesNothingNew(graph, CalendarStandIn.microsoft(account()), 201);
    }

    private void writesInOneBatchAndASecondSendMakesNothingNew(CalendarApi api, CalendarStandIn standIn, int repeatStatus) {
        // Given: a user's connection, and five activities to write plus a delete of an event that never was
        TestUser user = TestUser.fresh();
        String token = tokens.token(TokenServiceConnections.connect(user, standIn.provider(), standIn.account()).id())
                .await().atMost(WAIT);
        List<BatchCall> calls = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            Instant start = Instant.parse("2026-12-0" + i + "T09:00:00Z");
            calls.add(api.createCall("c" + i, "primary", new NewEvent(CrmEvent.keyOf(user.tenant(), "act-" + i, 1), "act-" + i,
                    new CalendarEventFields("Visit " + i, null, null, start, start.plusSeconds(1800), null, null, null, null))));
        }
        calls.add(api.deleteCall("d1", "primary", "crmnosuchevent0000000000000", null));

        // When
        Map<String, BatchAnswer> answers = api.batch(token, calls).await().atMost(WAIT);

        // Then: every call has its answer; the creates wrote five events, the delete of nothing is done
        assertEquals(6, answers.size());
        for (int i = 1; i <= 5; i++) {
            BatchItemResult result = BatchItemResult.of(api.provider(), CalendarCommandAction.CREATE, answers.get("c" + i), Instant.now());
            assertEquals("Visit " + i, ((BatchItemResult.Written) result).event().title());
        }
        assertInstanceOf(BatchItemResult.Removed.class,
                BatchItemResult.of(api.provider(), CalendarCommandAction.DELETE, answers.get("d1"), Instant.now()));
        assertEquals(5, standIn.events().size());

        // When: the same creates go again (an answer lost, a replica died between send and record)
        Map<String, BatchAnswer> again = api.batch(token, calls.subList(0, 5)).await().atMost(WAIT);

        // Then: nothing new (Google refuses each id as a duplicate; Graph answers each transactionId's first event)
        assertEquals(5, standIn.events().size());
        for (int i = 1; i <= 5; i++) {
            assertEquals(repeatStatus, again.get("c" + i).status());
            BatchItemResult result = BatchItemResult.of(api.provider(), CalendarCommandAction.CREATE, again.get("c" + i), Instant.now());
            if (api.provider() == CalendarProvider.GOOGLE) {
                assertInstanceOf(BatchItemResult.Duplicate.class, result);
            } else {
                assertEquals(((BatchItemResult.Written) BatchItemResult.of(api.provider(), CalendarCommandAction.CREATE, answers.get("c" + i),
                        Instant.now())).event().providerEventId(), ((BatchItemResult.Written) result).event().providerEventId());
            }
        }
    }

    private static String account() {
        return "batch-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    }
}
