package com.crm.integrations.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

class KafkaRulesTest {

    private static final ServiceKafka SVC_A = new ServiceKafka("svc-a", Set.of(), Set.of(), Set.of(), Set.of(), Set.of("a.events"),
            Optional.empty());
    private static final ServiceKafka SVC_B = new ServiceKafka("svc-b", Set.of("a.events"), Set.of("svc-b.a"), Set.of("svc-b.replay."),
            Set.of("svc-b.a.dead-letter"), Set.of(), Optional.empty());
    private static final KafkaRules RULES = new KafkaRules(Set.of("a.events"), List.of(SVC_A, SVC_B), Duration.ofDays(7));

    @Test
    void theFixtureKeepsEveryRule() {
        // Given
        Render render = Fixtures.render("prod", Fixtures.KAFKA);

        // When
        List<String> violations = RULES.check(render);

        // Then
        assertEquals(List.of(), violations);
    }

    @Test
    void aCatalogTopicWithoutKafkaTopicFails() {
        // Given
        Render render = Fixtures.render("dev", Fixtures.KAFKA);
        ((ObjectNode) render.find("KafkaTopic", "a.events").orElseThrow().path("metadata")).put("name", "a.event");

        // When
        List<String> violations = RULES.check(render);

        // Then
        assertTrue(violations.contains("no KafkaTopic for a.events (a channel of docs/asyncapi.yaml)"), violations.toString());
    }

    @Test
    void aDeadLetterTopicWithoutKafkaTopicFails() {
        // Given
        Render render = Fixtures.render("dev", Fixtures.KAFKA.replace("name: svc-b.a.dead-letter\n  labels", "name: svc-b.a.dlq\n  labels"));

        // When
        List<String> violations = RULES.check(render);

        // Then
        assertTrue(violations.contains("no KafkaTopic for svc-b.a.dead-letter (a dead-letter topic of svc-b)"), violations.toString());
    }

    @Test
    void anAclTheServiceDoesNotUseFails() {
        // Given: svc-a may also read svc-b's dead letters
        Render render = Fixtures.render("dev", Fixtures.KAFKA);
        ArrayNode acls = (ArrayNode) Fixtures.object(render, "KafkaUser", "svc-a").at("/spec/authorization/acls");
        ObjectNode extra = acls.addObject();
        extra.putObject("resource").put("type", "topic").put("name", "svc-b.a.dead-letter");
        extra.putArray("operations").add("Read");

        // When
        List<String> violations = RULES.check(render);

        // Then
        assertEquals(List.of("KafkaUser/svc-a grants ACLs svc-a does not use: [Read topic svc-b.a.dead-letter]"), violations);
    }

    @Test
    void anAclTheServiceNeedsButLacksFails() {
        // Given: svc-b's user cannot join its consumer group
        Render render = Fixtures.render("dev", Fixtures.KAFKA);
        ((ArrayNode) Fixtures.object(render, "KafkaUser", "svc-b").at("/spec/authorization/acls")).remove(1);

        // When
        List<String> violations = RULES.check(render);

        // Then
        assertEquals(List.of("KafkaUser/svc-b lacks ACLs svc-b uses: [Read group svc-b.a]"), violations);
    }

    @Test
    void aClusterWideAclIsOneMore() {
        // Given: IdempotentWrite, which Kafka 3 no longer needs (Write on a topic lets a producer be idempotent)
        Render render = Fixtures.render("dev", Fixtures.KAFKA);
        ObjectNode cluster = ((ArrayNode) Fixtures.object(render, "KafkaUser", "svc-a").at("/spec/authorization/acls")).addObject();
        cluster.putObject("resource").put("type", "cluster");
        cluster.putArray("operations").add("IdempotentWrite");

        // When
        List<String> violations = RULES.check(render);

        // Then
        assertEquals(List.of("KafkaUser/svc-a grants ACLs svc-a does not use: [IdempotentWrite cluster kafka-cluster]"), violations);
    }

    @Test
    void aServiceWithoutKafkaUserFails() {
        // Given
        Render render = Fixtures.render("dev", Fixtures.KAFKA.replace("name: svc-b\n", "name: svc-c\n"));

        // When
        List<String> violations = RULES.check(render);

        // Then
        assertTrue(violations.contains("svc-b has 0 KafkaUser(s) (named, or labelled app.kubernetes.io/name, svc-b); it needs exactly one"),
                violations.toString());
    }

    @Test
    void describeBesideReadOrWriteIsNoExtraAcl() {
        // Given
        ServiceKafka service = SVC_B;

        // When
        Set<KafkaRules.Acl> granted = KafkaRules.granted(Fixtures.object(Fixtures.render("dev", Fixtures.KAFKA), "KafkaUser", "svc-b"));

        // Then
        assertEquals(KafkaRules.required(service), granted);
    }

    @Test
    void productionTopicsWithTwoReplicasFail() {
        // Given
        Render render = Fixtures.render("prod", Fixtures.KAFKA);
        Fixtures.object(render, "KafkaTopic", "a.events").with("spec").put("replicas", 2);

        // When
        List<String> violations = RULES.check(render);

        // Then
        assertTrue(violations.contains("KafkaTopic a.events: 2 replica(s); production needs 3 so that an acknowledged event survives a "
                + "broker's loss"), violations.toString());
    }

    @Test
    void productionTopicsWithOneInSyncReplicaFail() {
        // Given: the dead-letter topic overrides the cluster's 2
        Render render = Fixtures.render("prod", Fixtures.KAFKA);
        Fixtures.object(render, "KafkaTopic", "svc-b.a.dead-letter").with("spec").with("config").put("min.insync.replicas", 1);

        // When
        List<String> violations = RULES.check(render);

        // Then
        assertEquals(List.of("KafkaTopic svc-b.a.dead-letter: min.insync.replicas 1 with 3 replicas; production needs 2 (acks=all then "
                + "survives one broker down)"), violations);
    }

    @Test
    void aDevelopmentOverlayMayKeepOneCopy() {
        // Given
        Render render = Fixtures.render("dev", Fixtures.KAFKA);
        Fixtures.object(render, "KafkaTopic", "a.events").with("spec").put("replicas", 1);

        // When
        List<String> violations = RULES.check(render);

        // Then
        assertEquals(List.of(), violations);
    }

    @Test
    void recordsKeptLongerThanTheConsumersRememberTheirIdsFail() {
        // Given: 8 days of records, ids pruned after 7
        Render render = Fixtures.render("dev", Fixtures.KAFKA);
        Fixtures.object(render, "KafkaTopic", "a.events").with("spec").with("config").put("retention.ms", Duration.ofDays(8).toMillis());

        // When
        List<String> violations = RULES.check(render);

        // Then
        assertEquals(List.of("KafkaTopic a.events: retention 691200000 ms (192h) is not below svc-b's integrations.consumer.prune.retention "
                + "604800000 ms (168h): a redelivered event whose id it has forgotten would be applied again"), violations);
    }

    @Test
    void aTopicWithoutRetentionKeepsTheBrokersSevenDays() {
        // Given
        Render render = Fixtures.render("dev", Fixtures.KAFKA);
        Fixtures.object(render, "KafkaTopic", "a.events").with("spec").with("config").remove("retention.ms");

        // When
        List<String> violations = RULES.check(render);

        // Then
        assertEquals(1, violations.size(), violations.toString());
        assertTrue(violations.get(0).startsWith("KafkaTopic a.events: retention 604800000 ms (168h) is not below"), violations.toString());
    }

    @Test
    void theDeploymentsPruneRetentionCounts() {
        // Given: 8 days of records, and svc-b told by its ConfigMap to remember ids 9 days
        Render render = Fixtures.render("dev", Fixtures.KAFKA, Fixtures.DEPLOYMENT.replace("svc-a", "svc-b").replace("env:\n",
                "envFrom: [{configMapRef: {name: settings}}]\n          env:\n"), """
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: settings}
                data: {INTEGRATIONS_CONSUMER_PRUNE_RETENTION: P9D}
                """);
        Fixtures.object(render, "KafkaTopic", "a.events").with("spec").with("config").put("retention.ms", Duration.ofDays(8).toMillis());

        // When
        List<String> violations = RULES.check(render);

        // Then
        assertEquals(List.of(), violations);
        assertEquals(Duration.ofDays(9), RULES.pruneRetention(render, SVC_B));
    }

    @Test
    void aTopicOfAnUnknownClusterFails() {
        // Given
        Render render = Fixtures.render("dev", Fixtures.KAFKA);
        Fixtures.object(render, "KafkaTopic", "a.events").with("metadata").with("labels").put("strimzi.io/cluster", "other");

        // When
        List<String> violations = RULES.check(render);

        // Then
        assertTrue(violations.contains("KafkaTopic/a.events: label strimzi.io/cluster 'other' names no Kafka of the render [integrations]"),
                violations.toString());
    }
}
