package com.crm.integrations.testing.support;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free loopback ports for test servers.
 *
 * <p>Ports are drawn at random below the kernel's ephemeral range (Linux: 32768 and up), so that a
 * port stays free while its server is stopped: the kernel never hands it to an outgoing connection,
 * and a broker or cluster restarted by directory gets its port back.
 */
public final class FreePorts {

    public static final String LOOPBACK = "127.0.0.1";

    private static final int LOWEST = 20000;
    private static final int DEFAULT_HIGHEST = 32000;
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    private FreePorts() {
    }

    /** A port that nothing listens on now and that this JVM has not handed out before. */
    public static int next() {
        int highest = highestBelowEphemeralRange();
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = random.nextInt(LOWEST, highest);
            if (HANDED_OUT.add(port)) {
                if (isFree(port)) {
                    return port;
                }
            }
        }
        // The range is crowded: let the kernel choose.
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK))) {
            HANDED_OUT.add(socket.getLocalPort());
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("No free loopback port", e);
        }
    }

    public static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(InetAddress.getByName(LOOPBACK), port), 1);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Whether something accepts TCP connections on the loopback port. */
    public static boolean isListening(int port) {
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getByName(LOOPBACK), port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int highestBelowEphemeralRange() {
        try {
            String range = Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).trim();
            int low = Integer.parseInt(range.split("\\s+")[0]);
            int highest = Math.min(DEFAULT_HIGHEST, low);
            return highest > LOWEST + 1000 ? highest : DEFAULT_HIGHEST;
        } catch (IOException | RuntimeException e) {
            return DEFAULT_HIGHEST;
        }
    }
}
