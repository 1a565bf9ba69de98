package com.crm.integrations.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A service's {@code src/main/docker/Dockerfile.jvm}, read into its instructions (continuation lines joined, comments
 * dropped), and the rules every image follows: a pinned base, a non-root numeric user, the service's port, the
 * application's class-data archive recorded at build time and mapped at start.
 */
final class Dockerfiles {

    private static final Pattern PINNED_TAG = Pattern.compile("[^\\s:@]+(:[0-9][\\w.-]*|@sha256:[0-9a-f]{64})");
    static final String ARCHIVE = "/deployments/app-cds.jsa";

    private Dockerfiles() {
    }

    /** One instruction: its keyword (upper case) and its arguments, continuation lines joined. */
    record Instruction(String keyword, String arguments) {
    }

    static List<Instruction> parse(String dockerfile) {
        List<Instruction> instructions = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : dockerfile.split("\n")) {
            String trimmed = line.strip();
            if (current.isEmpty() && (trimmed.isEmpty() || trimmed.startsWith("#"))) {
                continue;
            }
            if (trimmed.endsWith("\\")) {
                current.append(trimmed, 0, trimmed.length() - 1).append(' ');
                continue;
            }
            current.append(trimmed);
            String joined = current.toString().strip();
            current.setLength(0);
            int space = joined.indexOf(' ');
            instructions.add(space < 0 ? new Instruction(joined.toUpperCase(), "")
                    : new Instruction(joined.substring(0, space).toUpperCase(), joined.substring(space + 1).strip()));
        }
        return instructions;
    }

    /** What breaks the rules, one finding a line; empty when it follows them. */
    static List<String> violations(String service, int port, List<Instruction> instructions) {
        List<String> found = new ArrayList<>();
        List<Instruction> from = of(instructions, "FROM");
        if (from.size() != 1) {
            found.add(service + ": one FROM expected, found " + from.size());
        } else if (!PINNED_TAG.matcher(from.get(0).arguments()).matches()) {
            found.add(service + ": the base image is not pinned to a version or digest: " + from.get(0).arguments());
        }
        Optional<Instruction> user = last(instructions, "USER");
        if (user.isEmpty() || !user.get().arguments().matches("[1-9][0-9]*")) {
            found.add(service + ": the image must end as a numeric non-root USER (the pods' runAsNonRoot), found "
                    + user.map(Instruction::arguments).orElse("none"));
        }
        if (of(instructions, "EXPOSE").stream().noneMatch(expose -> expose.arguments().equals(String.valueOf(port)))) {
            found.add(service + ": EXPOSE " + port + " (its quarkus.http.port) missing");
        }
        if (recording(instructions).isEmpty()) {
            found.add(service + ": no RUN recording the class-data archive (-XX:ArchiveClassesAtExit=" + ARCHIVE
                    + " with -Dquarkus.appcds.generate=true)");
        }
        Optional<Instruction> entrypoint = last(instructions, "ENTRYPOINT");
        if (entrypoint.isEmpty() || !entrypoint.get().arguments().contains("-XX:SharedArchiveFile=" + ARCHIVE)
                || !entrypoint.get().arguments().startsWith("[")) {
            found.add(service + ": the ENTRYPOINT must be exec form and map " + ARCHIVE);
        }
        return found;
    }

    /** The RUN that records the archive, as its shell command. */
    static Optional<String> recording(List<Instruction> instructions) {
        return of(instructions, "RUN").stream().map(Instruction::arguments)
                .filter(run -> run.contains("-XX:ArchiveClassesAtExit=" + ARCHIVE) && run.contains("-Dquarkus.appcds.generate=true"))
                .findFirst();
    }

    /** The port a service's application.properties gives it. */
    static int port(String applicationProperties) {
        Matcher port = Pattern.compile("(?m)^quarkus\\.http\\.port=(\\d+)$").matcher(applicationProperties);
        if (!port.find()) {
            throw new IllegalStateException("no quarkus.http.port");
        }
        return Integer.parseInt(port.group(1));
    }

    private static List<Instruction> of(List<Instruction> instructions, String keyword) {
        return instructions.stream().filter(instruction -> instruction.keyword().equals(keyword)).toList();
    }

    private static Optional<Instruction> last(List<Instruction> instructions, String keyword) {
        List<Instruction> all = of(instructions, keyword);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }
}
