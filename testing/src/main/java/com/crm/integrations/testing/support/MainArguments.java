package com.crm.integrations.testing.support;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** {@code <command> --name value ...} as used by the launcher mains. */
public final class MainArguments {

    private final String command;
    private final Map<String, String> options;

    private MainArguments(String command, Map<String, String> options) {
        this.command = command;
        this.options = options;
    }

    public static MainArguments parse(String[] args) {
        if (args.length == 0) {
            throw new IllegalArgumentException("missing command");
        }
        Map<String, String> options = new HashMap<>();
        for (int i = 1; i < args.length; i++) {
            String name = args[i];
            if (!name.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument: " + name);
            }
            int eq = name.indexOf('=');
            if (eq > 0) {
                options.put(name.substring(2, eq), name.substring(eq + 1));
            } else if (i + 1 < args.length) {
                options.put(name.substring(2), args[++i]);
            } else {
                throw new IllegalArgumentException(name + " needs a value");
            }
        }
        return new MainArguments(args[0], options);
    }

    public String command() {
        return command;
    }

    public Path path(String name) {
        return Path.of(required(name)).toAbsolutePath().normalize();
    }

    public boolean has(String name) {
        return options.containsKey(name);
    }

    public int port(String name, int defaultValue) {
        String value = options.get(name);
        if (value == null) {
            return defaultValue;
        }
        int port = Integer.parseInt(value);
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("--" + name + " must be a TCP port: " + value);
        }
        return port;
    }

    public int positiveInt(String name, int defaultValue) {
        String value = options.get(name);
        if (value == null) {
            return defaultValue;
        }
        try {
            int number = Integer.parseInt(value);
            if (number > 0) {
                return number;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("--" + name + " must be a positive number: " + value);
    }

    private String required(String name) {
        String value = options.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return value;
    }
}
