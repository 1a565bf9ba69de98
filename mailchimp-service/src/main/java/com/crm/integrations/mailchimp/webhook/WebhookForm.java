package com.crm.integrations.mailchimp.webhook;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Mailchimp webhook body, {@code application/x-www-form-urlencoded} with PHP-style bracketed keys
 * ({@code data[merges][FNAME]=Ada}), decoded the way PHP reads it, since Mailchimp writes for PHP:
 * <ul>
 * <li>{@code +} is a space, {@code %XX} a byte; the bytes must be UTF-8.</li>
 * <li>{@code a[b][c]} nests: {@code {"a": {"b": {"c": …}}}}; {@code a[]} appends to a list.</li>
 * <li>A key given twice keeps its <b>last</b> value (PHP's rule); a scalar and a nested value under one name: the last
 * assignment wins too. Every pair, repeats included, stays in {@link #pairs()} and in the raw body.</li>
 * <li>A key with unbalanced brackets is taken literally (PHP would mangle it; we keep it visible).</li>
 * </ul>
 */
public final class WebhookForm {

    /** Pairs per body at most: Mailchimp's posts carry a few dozen. */
    public static final int MAX_PAIRS = 1000;
    /** Bracket levels per key at most ({@code data[merges][GROUPINGS][0][groups]} has four). */
    public static final int MAX_DEPTH = 8;

    /** One decoded {@code key=value}. */
    public record Pair(String key, String value) {
    }

    private final List<Pair> pairs;
    private final Map<String, Object> tree;

    private WebhookForm(List<Pair> pairs, Map<String, Object> tree) {
        this.pairs = pairs;
        this.tree = tree;
    }

    /**
     * Decodes a body.
     *
     * @throws MalformedFormException when it is not a form: a bad {@code %} escape, bytes that are not UTF-8, too many
     *                                pairs or levels
     */
    public static WebhookForm decode(byte[] body) {
        List<Pair> pairs = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= body.length; i++) {
            if (i == body.length || body[i] == '&') {
                if (i > start) {
                    if (pairs.size() == MAX_PAIRS) {
                        throw new MalformedFormException("more than " + MAX_PAIRS + " fields");
                    }
                    pairs.add(pair(body, start, i));
                }
                start = i + 1;
            }
        }
        Map<String, Object> tree = new LinkedHashMap<>();
        for (Pair pair : pairs) {
            assign(tree, path(pair.key()), pair.value());
        }
        return new WebhookForm(List.copyOf(pairs), tree);
    }

    /** Every pair as posted, decoded, in order (repeats included). */
    public List<Pair> pairs() {
        return pairs;
    }

    /** The nested fields (maps keyed in posted order, lists for {@code []}, strings for values). */
    public Map<String, Object> tree() {
        return tree;
    }

    /** The text at {@code path} (e.g. {@code "data", "merges", "FNAME"}); {@code null} when absent or not text. */
    public String text(String... path) {
        Object value = at(path);
        return value instanceof String text ? text : null;
    }

    /** The nested fields at {@code path}; an empty map when absent or not nested. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> map(String... path) {
        Object value = at(path);
        return value instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }

    private Object at(String... path) {
        Object node = tree;
        for (String step : path) {
            if (!(node instanceof Map<?, ?> map)) {
                return null;
            }
            node = map.get(step);
        }
        return node;
    }

    /**
     * SHA-256 of the decoded pairs, ordered by key (a key's repeats in posted order): the same post sent again, however
     * its bytes were encoded, has the same hash. Mailchimp posts carry no id, so this is how a retry is recognised.
     */
    public byte[] contentHash() {
        List<Pair> ordered = new ArrayList<>(pairs);
        ordered.sort(Comparator.comparing(Pair::key));
        MessageDigest digest = sha256();
        for (Pair pair : ordered) {
            update(digest, pair.key());
            update(digest, pair.value());
        }
        return digest.digest();
    }

    /** SHA-256 of bytes that are not a form, for the duplicate check of what is stored as rejected. */
    public static byte[] rawHash(byte[] body) {
        return sha256().digest(body);
    }

    private static void update(MessageDigest digest, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        digest.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
        digest.update(bytes);
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException absent) {
            throw new IllegalStateException("every Java runtime has SHA-256", absent);
        }
    }

    private static Pair pair(byte[] body, int from, int to) {
        int equals = from;
        while (equals < to && body[equals] != '=') {
            equals++;
        }
        String key = decode(body, from, equals);
        String value = equals < to ? decode(body, equals + 1, to) : "";
        return new Pair(key, value);
    }

    private static String decode(byte[] body, int from, int to) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(to - from);
        for (int i = from; i < to; i++) {
            byte b = body[i];
            if (b == '+') {
                bytes.write(' ');
            } else if (b == '%') {
                if (i + 2 >= to || hex(body[i + 1]) < 0 || hex(body[i + 2]) < 0) {
                    throw new MalformedFormException("a '%' not followed by two hexadecimal digits");
                }
                bytes.write(hex(body[i + 1]) * 16 + hex(body[i + 2]));
                i += 2;
            } else {
                bytes.write(b);
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException notUtf8) {
            throw new MalformedFormException("a field that is not UTF-8");
        }
    }

    private static int hex(byte b) {
        if (b >= '0' && b <= '9') {
            return b - '0';
        }
        if (b >= 'a' && b <= 'f') {
            return b - 'a' + 10;
        }
        if (b >= 'A' && b <= 'F') {
            return b - 'A' + 10;
        }
        return -1;
    }

    /** {@code a[b][]} → {@code a, b, ""}; unbalanced brackets → the key itself. */
    static List<String> path(String key) {
        int open = key.indexOf('[');
        if (open <= 0) {
            return List.of(key);
        }
        List<String> path = new ArrayList<>();
        path.add(key.substring(0, open));
        int i = open;
        while (i < key.length()) {
            if (key.charAt(i) != '[') {
                return List.of(key);
            }
            int close = key.indexOf(']', i);
            if (close < 0) {
                return List.of(key);
            }
            path.add(key.substring(i + 1, close));
            i = close + 1;
        }
        if (path.size() - 1 > MAX_DEPTH) {
            throw new MalformedFormException("a field nested more than " + MAX_DEPTH + " levels deep");
        }
        return path;
    }

    @SuppressWarnings("unchecked")
    private static void assign(Map<String, Object> tree, List<String> path, String value) {
        Object node = tree;
        for (int i = 0; i < path.size(); i++) {
            String step = path.get(i);
            boolean last = i == path.size() - 1;
            boolean nextAppends = !last && path.get(i + 1).isEmpty();
            if (node instanceof List<?> list) {
                // Only a "[]" step reaches a list: it appends.
                List<Object> items = (List<Object>) list;
                if (last) {
                    items.add(value);
                    return;
                }
                Object child = nextAppends ? new ArrayList<>() : new LinkedHashMap<String, Object>();
                items.add(child);
                node = child;
                continue;
            }
            Map<String, Object> map = (Map<String, Object>) node;
            if (last) {
                map.put(step, value);
                return;
            }
            Object child = map.get(step);
            if (nextAppends && !(child instanceof List<?>)) {
                child = new ArrayList<>();
                map.put(step, child);
            } else if (!nextAppends && !(child instanceof Map<?, ?>)) {
                child = new LinkedHashMap<String, Object>();
                map.put(step, child);
            }
            node = child;
        }
    }
}
