package com.crm.integrations.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each service's image (src/main/docker/Dockerfile.jvm): its rules, and its class-data step run for real on the
 * packaged application, since no Docker engine builds the image here.
 */
class ImagesTest {

    private static final List<String> SERVICES = List.of("token-service", "calendar-service", "mailchimp-service",
            "status-service");
    /** A Dockerfile that follows every rule; the tests below break one at a time. */
    private static final String GOOD = """
            # a comment
            FROM registry.access.redhat.com/ubi9/openjdk-17-runtime:1.23
            COPY --chown=185 target/quarkus-app/lib/ /deployments/lib/
            USER 185
            RUN java -XX:ArchiveClassesAtExit=/deployments/app-cds.jsa \\
                    -Dquarkus.appcds.generate=true -jar /deployments/quarkus-run.jar
            EXPOSE 8081
            ENTRYPOINT ["java", "-XX:SharedArchiveFile=/deployments/app-cds.jsa", \\
                "-jar", "/deployments/quarkus-run.jar"]
            """;

    @Test
    void everyServicesDockerfileFollowsTheRules() throws IOException {
        List<String> found = new ArrayList<>();
        for (String service : SERVICES) {
            Path module = Project.root().resolve(service);
            Path dockerfile = module.resolve("src/main/docker/Dockerfile.jvm");
            assertTrue(Files.isRegularFile(dockerfile), dockerfile + " is missing");
            int port = Dockerfiles.port(Files.readString(module.resolve("src/main/resources/application.properties")));
            found.addAll(Dockerfiles.violations(service, port, Dockerfiles.parse(Files.readString(dockerfile))));
            List<String> ignored = Files.readAllLines(module.resolve(".dockerignore")).stream()
                    .filter(line -> !line.isBlank() && !line.startsWith("#")).toList();
            assertEquals(List.of("*", "!target/quarkus-app/"), ignored, service + "'s .dockerignore sends only the packaged app");
        }
        assertEquals(List.of(), found);
    }

    @Test
    void aConformingDockerfileHasNoFindings() {
        assertEquals(List.of(), Dockerfiles.violations("svc", 8081, Dockerfiles.parse(GOOD)));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "registry.access.redhat.com/ubi9/openjdk-17-runtime:1.23=>registry.access.redhat.com/ubi9/openjdk-17-runtime:latest",
            "registry.access.redhat.com/ubi9/openjdk-17-runtime:1.23=>registry.access.redhat.com/ubi9/openjdk-17-runtime",
            "USER 185=>USER root",
            "USER 185=>USER 0",
            "EXPOSE 8081=>EXPOSE 8080",
            "-Dquarkus.appcds.generate=true=>-Dquarkus.launch.rebuild=false",
            "-XX:SharedArchiveFile=/deployments/app-cds.jsa=>-Xshare:auto",
    })
    void eachBrokenRuleIsFound(String replacement) {
        String[] parts = replacement.split("=>");
        String broken = GOOD.replace(parts[0], parts[1]);

        List<String> found = Dockerfiles.violations("svc", 8081, Dockerfiles.parse(broken));

        assertEquals(1, found.size(), () -> "one finding for " + replacement + ": " + found);
    }

    /**
     * The class-data step stops after static initialisation only in an application packaged with Quarkus's AppCDS
     * support (the root pom's profile {@code image}); the Dockerfiles' build commands use it. (Checked by hand on
     * token-service, 2026-12-01: packaged with {@code -Pimage}, the RUN line ends 0 in 28 s with no database or broker
     * and leaves a 27.6 MB archive; packaged without it, the same line tries a full start and fails.)
     */
    @Test
    void theImagesArePackagedWithQuarkusAppCdsSupport() throws IOException {
        String pom = Files.readString(Project.root().resolve("pom.xml"));
        int profile = pom.indexOf("<id>image</id>");
        assertTrue(profile > 0, "the root pom has a profile image");
        String image = pom.substring(profile, pom.indexOf("</profile>", profile));
        assertTrue(image.contains("<quarkus.package.jar.appcds.enabled>true</quarkus.package.jar.appcds.enabled>"), image);
        assertTrue(image.contains("<quarkus.package.jar.appcds.use-container>false</quarkus.package.jar.appcds.use-container>"),
                "no container at build time (none runs here): " + image);
        for (String service : SERVICES) {
            String dockerfile = Files.readString(Project.root().resolve(service + "/src/main/docker/Dockerfile.jvm"));
            assertTrue(dockerfile.contains("./mvnw -Pimage -pl " + service + " -am package"), service + "'s build command uses -Pimage");
        }
    }
}
