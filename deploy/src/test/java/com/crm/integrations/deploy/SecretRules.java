package com.crm.integrations.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * No secret is committed: no Secret object carries data, no value of any object looks like a key, password or token,
 * no file under deploy/ holds one; and every Secret the objects refer to is one deploy/README.md tells the operator to
 * create, or one an operator of the render creates (Strimzi: a KafkaUser's credentials, a Kafka's CA certificates;
 * CloudNativePG: a Cluster's app, superuser and CA Secrets).
 */
final class SecretRules {

    /** {@code kubectl [-n namespace] create secret <type> <name>}, the name literal (not built by the shell). */
    private static final Pattern CREATE = Pattern.compile(
            "kubectl\\s+(?:(?:-n|--namespace)[=\\s]\\S+\\s+)?create\\s+secret\\s+[a-z-]+\\s+\"?([a-z0-9][a-z0-9.-]*)\"?\\s");
    private static final Pattern TABLE_ROW = Pattern.compile("^\\|([^|]+)\\|.*\\|\\s*$");
    private static final Pattern CODE = Pattern.compile("`([a-z0-9-][a-z0-9.-]*)`");
    private static final Pattern MENTION = Pattern.compile("(?i)secret[*\\s]{1,4}(?:name[*\\s]{1,4})?`([a-z0-9][a-z0-9.-]*)`");
    /** Directories under deploy/ that hold no committed file. */
    private static final Set<String> NOT_COMMITTED = Set.of("node_modules", "target", ".git");

    private final Set<String> documented;

    SecretRules(Set<String> documented) {
        this.documented = Set.copyOf(documented);
    }

    static SecretRules ofProject() {
        return new SecretRules(documented(Project.read(Project.deploy().resolve("README.md"))));
    }

    /**
     * The Secrets deploy/README.md tells the operator to create: the names of its {@code kubectl create secret}
     * commands, of "Secret `name`" mentions, and of the first column of the table in its "Secrets" section, where
     * {@code `a-db-token-service`, `-calendar-service`} stands for {@code a-db-token-service, a-db-calendar-service}.
     */
    static Set<String> documented(String readme) {
        Set<String> names = new TreeSet<>();
        for (Pattern pattern : List.of(CREATE, MENTION)) {
            Matcher matcher = pattern.matcher(readme);
            while (matcher.find()) {
                names.add(matcher.group(1));
            }
        }
        boolean inSection = false;
        for (String line : readme.lines().toList()) {
            if (line.startsWith("#")) {
                inSection = line.matches("#+\\s*Secrets\\s*");
                continue;
            }
            Matcher row = TABLE_ROW.matcher(line.trim());
            if (inSection && row.matches()) {
                String first = null;
                Matcher code = CODE.matcher(row.group(1));
                while (code.find()) {
                    String name = code.group(1);
                    if (first == null && !name.startsWith("-")) {
                        first = name;
                        names.add(name);
                    } else if (first != null && name.startsWith("-")) {
                        names.add(abbreviated(first, name));
                    }
                }
            }
        }
        return names;
    }

    /** {@code -calendar-service} after {@code a-db-token-service}: the first name with as many last parts replaced. */
    static String abbreviated(String first, String tail) {
        int parts = tail.split("-", -1).length - 1;
        int cut = first.length();
        for (int i = 0; i < parts && cut > 0; i++) {
            cut = first.lastIndexOf('-', cut - 1);
        }
        return cut > 0 ? first.substring(0, cut) + tail : tail;
    }

    List<String> check(Render render) {
        List<String> violations = new ArrayList<>();
        for (JsonNode secret : render.ofKind("Secret")) {
            Set<String> keys = new TreeSet<>();
            secret.path("data").fieldNames().forEachRemaining(keys::add);
            secret.path("stringData").fieldNames().forEachRemaining(keys::add);
            if (!keys.isEmpty()) {
                violations.add(Render.id(secret) + " carries data " + keys + ": Secrets are created from the secret store, never committed");
            }
        }
        Set<String> known = new TreeSet<>(documented);
        known.addAll(generated(render));
        for (JsonNode object : render.objects()) {
            if ("Secret".equals(object.path("kind").asText())) {
                continue;
            }
            Set<String> referenced = new TreeSet<>();
            references(object.path("spec"), referenced);
            referenced.removeAll(known);
            referenced.forEach(name -> violations.add(Render.id(object) + " uses Secret " + name
                    + ", which deploy/README.md does not tell the operator to create (documented: " + documented + ")"));
            for (String[] value : JsonNodes.strings(object)) {
                SecretPatterns.find(value[1]).forEach(finding -> violations.add(Render.id(object) + " " + value[0] + ": " + finding));
            }
        }
        return violations;
    }

    /** The Secrets the render's operators create. */
    static Set<String> generated(Render render) {
        Set<String> names = new TreeSet<>();
        render.ofKind("KafkaUser").forEach(user -> names.add(Render.name(user)));
        for (JsonNode kafka : render.ofKind("Kafka")) {
            for (String suffix : List.of("-cluster-ca-cert", "-clients-ca-cert", "-cluster-ca", "-clients-ca")) {
                names.add(Render.name(kafka) + suffix);
            }
        }
        for (JsonNode cluster : render.ofKind("Cluster")) {
            if (cluster.path("apiVersion").asText().startsWith("postgresql.cnpg.io/")) {
                for (String suffix : List.of("-app", "-superuser", "-ca", "-server", "-replication")) {
                    names.add(Render.name(cluster) + suffix);
                }
            }
        }
        return names;
    }

    /**
     * Names of Secrets a spec refers to: {@code secretKeyRef}, {@code secretRef}, {@code secretName},
     * {@code imagePullSecrets}, and any {@code …Secret}/{@code secret} object with a {@code name}
     * (CloudNativePG's {@code superuserSecret}, {@code bootstrap.initdb.secret}, projected volumes).
     */
    static void references(JsonNode node, Set<String> names) {
        if (node.isArray()) {
            node.forEach(item -> references(item, names));
            return;
        }
        if (!node.isObject()) {
            return;
        }
        for (Map.Entry<String, JsonNode> field : (Iterable<Map.Entry<String, JsonNode>>) node::fields) {
            String key = field.getKey();
            JsonNode value = field.getValue();
            if (key.equals("secretName") && value.isTextual()) {
                names.add(value.asText());
            } else if (key.equals("imagePullSecrets")) {
                value.forEach(ref -> names.add(ref.path("name").asText()));
            } else if ((key.equals("secretKeyRef") || key.equals("secretRef") || key.toLowerCase().endsWith("secret"))
                    && value.path("name").isTextual()) {
                names.add(value.path("name").asText());
            }
            references(value, names);
        }
    }

    /** Every file under {@code directory} (not node_modules, target) checked line by line for secret-looking text. */
    static List<String> scanFiles(Path directory) {
        List<String> findings = new ArrayList<>();
        try {
            Files.walkFileTree(directory, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
                    return NOT_COMMITTED.contains(dir.getFileName().toString()) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                    String text = text(file);
                    if (text == null) {
                        findings.add(directory.relativize(file) + ": not UTF-8 text, cannot be checked for secrets");
                        return FileVisitResult.CONTINUE;
                    }
                    List<String> lines = text.lines().toList();
                    for (int i = 0; i < lines.size(); i++) {
                        for (SecretPatterns.Finding finding : SecretPatterns.find(lines.get(i))) {
                            findings.add(directory.relativize(file) + ":" + (i + 1) + ": " + finding);
                        }
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException unreadable) {
            throw new UncheckedIOException(unreadable);
        }
        return findings;
    }

    private static String text(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException binary) {
            return null;
        }
    }
}
