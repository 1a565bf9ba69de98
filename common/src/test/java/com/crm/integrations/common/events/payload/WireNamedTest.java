package com.crm.integrations.common.events.payload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.crm.integrations.common.retry.FailureCategory;
import com.fasterxml.jackson.databind.ObjectMapper;

class WireNamedTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<Class<? extends WireNamed>> ENUMS = List.of(AudienceChange.class, AudienceLinkState.class,
            CalendarBatchOutcome.class, CalendarEventChange.class,
            CalendarProvider.class, CampaignChange.class, CampaignStatus.class, ChangeOrigin.class, ConnectionChange.class,
            ConnectionKind.class, ConnectionStatus.class, RequiredAction.class, SubscriberChange.class, SubscriberSource.class,
            SubscriberStatus.class, FailureCategory.class, MemberCommandAction.class, CampaignCommandAction.class,
            MailchimpCommandKind.class);

    @Test
    void writesEveryConstantAsItsWireName() throws Exception {
        for (Class<? extends WireNamed> type : ENUMS) {
            for (WireNamed constant : type.getEnumConstants()) {
                // When
                String json = JSON.writeValueAsString(constant);
                // Then
                assertEquals("\"" + constant.wireName() + "\"", json, type.getSimpleName());
            }
        }
    }

    @Test
    void readsEveryConstantBackFromItsWireName() throws Exception {
        for (Class<? extends WireNamed> type : ENUMS) {
            for (WireNamed constant : type.getEnumConstants()) {
                // When
                Object read = JSON.readValue("\"" + constant.wireName() + "\"", type);
                // Then
                assertEquals(constant, read, type.getSimpleName());
            }
        }
    }

    @Test
    void wireNamesAreLowerSnakeCase() {
        for (Class<? extends WireNamed> type : ENUMS) {
            for (WireNamed constant : type.getEnumConstants()) {
                assertTrue(constant.wireName().matches("[a-z][a-z_]*"), type.getSimpleName() + "." + constant);
            }
        }
    }

    @Test
    void findsAConstantByItsWireName() {
        // When
        ConnectionStatus status = WireNamed.fromWireName(ConnectionStatus.class, "needs_reauth");
        // Then
        assertEquals(ConnectionStatus.NEEDS_REAUTH, status);
    }

    @Test
    void refusesAnUnknownWireName() {
        // When / Then
        assertThrows(IllegalArgumentException.class, () -> WireNamed.fromWireName(ConnectionStatus.class, "NEEDS_REAUTH"));
        assertThrows(IllegalArgumentException.class, () -> WireNamed.fromWireName(ConnectionKind.class, "apikey"));
        assertThrows(IllegalArgumentException.class, () -> WireNamed.fromWireName(FailureCategory.class, null));
    }
}
