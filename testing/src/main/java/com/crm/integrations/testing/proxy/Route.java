package com.crm.integrations.testing.proxy;

import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One service behind the proxy: the public port it listens on and its instances' ports, all on 127.0.0.1. Written
 * {@code <name>=<port>:<instance port>,<instance port>...}, e.g. {@code token-service=8081:11081,12081}; instance
 * {@code i} (from 1, in the order given) is called {@code <name>-<i>}.
 *
 * @param name          the service, as the proxy's log lines name it
 * @param port          the public port
 * @param instancePorts the instances' ports, at least one, no repeats, none the public port
 */
public record Route(String name, int port, List<Integer> instancePorts) {

    private static final Pattern FORM = Pattern.compile("([a-z][a-z0-9-]*)=(\\d+):(\\d+(?:,\\d+)*)");

    public Route {
        Objects.requireNonNull(name, "name");
        instancePorts = List.copyOf(instancePorts);
        if (!name.matches("[a-z][a-z0-9-]*")) {
            throw new IllegalArgumentException("a route's name is lower-case letters, digits and dashes: " + name);
        }
        requirePort(port, name);
        if (instancePorts.isEmpty()) {
            throw new IllegalArgumentException(name + " has no instance");
        }
        instancePorts.forEach(instancePort -> requirePort(instancePort, name));
        if (instancePorts.stream().distinct().count() != instancePorts.size() || instancePorts.contains(port)) {
            throw new IllegalArgumentException(name + ": a port appears twice in " + port + ":" + instancePorts);
        }
    }

    /** {@code <name>=<port>:<instance port>[,<instance port>...]}. */
    public static Route parse(String text) {
        Matcher matcher = FORM.matcher(text);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("a route is <name>=<port>:<instance port>[,<instance port>...], not " + text);
        }
        return new Route(matcher.group(1), parsePort(matcher.group(2)),
                Pattern.compile(",").splitAsStream(matcher.group(3)).map(Route::parsePort).toList());
    }

    /** {@code <name>-<i>}, for the instance at {@code index} (from 0). */
    public String instanceName(int index) {
        return name + "-" + (index + 1);
    }

    @Override
    public String toString() {
        return name + "=" + port + ":" + String.join(",", instancePorts.stream().map(String::valueOf).toList());
    }

    private static int parsePort(String digits) {
        try {
            return Integer.parseInt(digits);
        } catch (NumberFormatException e) {
            return -1; // rejected by requirePort with the route's name
        }
    }

    private static void requirePort(int port, String name) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException(name + ": not a TCP port: " + port);
        }
    }
}
