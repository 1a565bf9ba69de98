package com.crm.integrations.testing.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.crm.integrations.testing.support.FreePorts;
import com.crm.integrations.testing.support.KafkaRecords;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class KafkaBrokerTest {

    @Test
    void recordsSurviveStopAndStartByDirectory() throws Exception {
        Path dir;
        try (KafkaBroker broker = KafkaBroker.startTestBroker()) {
            dir = broker.dir();
            // Given
            KafkaRecords.produce(broker.bootstrapServers(), "orders", "tenant-1", "first");
            assertEquals(List.of("first"), KafkaRecords.readAll(broker.bootstrapServers(), "orders", 1));
            int port = broker.port();
            long firstPid = broker.process().orElseThrow().pid();

            // When
            KafkaBroker.stop(dir);
            boolean runningWhileStopped = KafkaBroker.isRunning(dir);
            boolean listeningWhileStopped = FreePorts.isListening(port);
            KafkaBroker.start(dir);
            KafkaRecords.produce(KafkaBroker.bootstrapServers(dir), "orders", "tenant-1", "second");

            // Then
            assertFalse(runningWhileStopped);
            assertFalse(listeningWhileStopped);
            assertEquals(port, KafkaBroker.port(dir));
            assertNotEquals(firstPid, broker.process().orElseThrow().pid());
            assertEquals(List.of("first", "second"), KafkaRecords.readAll(broker.bootstrapServers(), "orders", 2));
            assertNotEquals(ProcessHandle.current().pid(), firstPid, "the broker runs in its own JVM");
            // Quiet means WARN and up only, and few entries: an entry may carry a stack trace of many lines (a
            // restart on a loaded machine can warn once with one), so entries are counted, not lines.
            List<String> log = Files.readAllLines(dir.resolve(BrokerFiles.LOG));
            List<String> entries = log.stream().filter(line -> line.startsWith("[")).toList();
            String written = String.join("\n", log);
            assertTrue(entries.stream().allMatch(entry -> entry.matches("\\[[^]]*] (WARN|ERROR|FATAL) .*")),
                    "the broker logs WARN and up only:\n" + written);
            assertTrue(entries.size() < 20, "the broker logs little, but wrote " + entries.size() + " entries:\n" + written);
        }
        assertFalse(Files.exists(dir));
    }
}
