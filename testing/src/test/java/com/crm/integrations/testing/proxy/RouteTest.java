package com.crm.integrations.testing.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RouteTest {

    @Test
    void readsAServiceItsPortAndItsInstancesPorts() {
        // When
        Route route = Route.parse("token-service=8081:11081,12081");

        // Then
        assertEquals(new Route("token-service", 8081, List.of(11081, 12081)), route);
        assertEquals("token-service-2", route.instanceName(1));
        assertEquals("token-service=8081:11081,12081", route.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"token-service=8081", "token-service=8081:", "token-service:8081:11081", "Token=8081:11081",
            "token-service=8081:8081", "token-service=8081:11081,11081", "token-service=70000:11081", "token-service=8081:0",
            "token-service=8081:99999999999"})
    void rejectsWhatIsNotARoute(String text) {
        // When / Then
        assertThrows(IllegalArgumentException.class, () -> Route.parse(text));
    }
}
