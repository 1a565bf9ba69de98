package com.crm.integrations.deploy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Text that looks like a secret: a PEM block, a JWT, the base64 of 32 bytes (an AES-256 key, as token-service's key
 * ring holds them), a long hex string, or any other long run of letters and digits as random as a generated key.
 * Names, paths, placeholders ({@code <from your secret store>}), image digests and npm's integrity hashes are not.
 */
final class SecretPatterns {

    /** One place a secret seems to be, with a few characters of it: a report must not repeat the secret. */
    record Finding(String what, String excerpt) {
        @Override
        public String toString() {
            return what + " (" + excerpt + ")";
        }
    }

    private static final Pattern PEM = Pattern.compile("-----BEGIN [A-Z0-9 ]*-----");
    private static final Pattern JWT = Pattern.compile("eyJ[A-Za-z0-9_-]{8,}\\.eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]*");
    private static final Pattern KEY_32_BYTES = Pattern.compile("(?<![A-Za-z0-9+/_-])[A-Za-z0-9+/]{43}=(?![A-Za-z0-9+/=])"
            + "|(?<![A-Za-z0-9+/_-])[A-Za-z0-9_-]{43}(?![A-Za-z0-9+/=_-])");
    private static final Pattern BASE64_PADDED = Pattern.compile("(?<![A-Za-z0-9+/])[A-Za-z0-9+/]{20,}={1,2}(?![A-Za-z0-9+/=])");
    private static final Pattern HEX = Pattern.compile("(?<![A-Za-z0-9])[0-9a-fA-F]{32,}(?![A-Za-z0-9])");
    /**
     * Runs of key characters. A slash or an equals sign (but base64's padding) splits them, so the parts of a path or of
     * {@code -XX:Name=value} are judged each on its own.
     */
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9+_-]{20,}={0,2}");
    /** Hashes that name public content: image digests, Subresource-Integrity (npm's package-lock.json). */
    private static final Pattern PUBLIC_HASH = Pattern.compile("(sha256:|sha1-|sha256-|sha384-|sha512-)[A-Za-z0-9+/=]+");
    /** The share of the highest possible entropy from which a run of 20 or more letters and digits is taken for generated. */
    static final double RANDOMNESS = 0.8;
    /** The share of a run in words (four letters of one case in a row) above which it is taken for a name. */
    static final double WORDINESS = 0.5;

    private SecretPatterns() {
    }

    static List<Finding> find(String text) {
        String scanned = PUBLIC_HASH.matcher(text).replaceAll(" ");
        List<Finding> findings = new ArrayList<>();
        List<int[]> found = new ArrayList<>();
        add(findings, found, PEM, scanned, "a PEM block");
        add(findings, found, JWT, scanned, "a JWT");
        addRandom(findings, found, KEY_32_BYTES, scanned, "the base64 of 32 bytes, a key's size");
        addRandom(findings, found, BASE64_PADDED, scanned, "base64-encoded random bytes");
        add(findings, found, HEX, scanned, "a long hex string");
        Matcher token = TOKEN.matcher(scanned);
        while (token.find()) {
            int start = token.start();
            int end = token.end();
            boolean known = found.stream().anyMatch(range -> range[0] < end && start < range[1]);
            if (!known && looksGenerated(token.group())) {
                findings.add(new Finding("a random-looking string of " + token.group().length() + " characters", excerpt(token.group())));
            }
        }
        return findings;
    }

    /**
     * Upper and lower case letters and at least two digits, close to random, and not made of words: a key's characters
     * hardly repeat and rarely form four letters of one case in a row, while a name's words ({@code ReservedCodeCache},
     * {@code endDateTime}) do. Its entropy must reach {@value #RANDOMNESS} of the most its length allows, and at most
     * {@value #WORDINESS} of it may lie in such runs of letters.
     */
    static boolean looksGenerated(String run) {
        return mixed(run) && entropy(run) >= RANDOMNESS * bits(run.length()) && wordiness(run) <= WORDINESS;
    }

    /** Upper and lower case letters and two digits or more. */
    private static boolean mixed(String run) {
        return run.chars().anyMatch(Character::isUpperCase) && run.chars().anyMatch(Character::isLowerCase)
                && run.chars().filter(Character::isDigit).count() >= 2;
    }

    /** The highest entropy a string of this length can have, over base64's alphabet. */
    private static double bits(int length) {
        return Math.log(Math.min(length, 64)) / Math.log(2);
    }

    /** The share of characters in runs of four or more letters of one case. */
    static double wordiness(String run) {
        int inWords = 0;
        int start = 0;
        for (int i = 1; i <= run.length(); i++) {
            if (i == run.length() || caseOf(run.charAt(i)) != caseOf(run.charAt(start)) || caseOf(run.charAt(start)) == 0) {
                if (caseOf(run.charAt(start)) != 0 && i - start >= 4) {
                    inWords += i - start;
                }
                start = i;
            }
        }
        return (double) inWords / run.length();
    }

    private static int caseOf(char c) {
        return Character.isLowerCase(c) ? 1 : Character.isUpperCase(c) ? 2 : 0;
    }

    /** Shannon entropy, bits per character. */
    static double entropy(String text) {
        Map<Integer, Integer> counts = new HashMap<>();
        text.chars().forEach(c -> counts.merge(c, 1, Integer::sum));
        double bits = 0;
        for (int count : counts.values()) {
            double p = (double) count / text.length();
            bits -= p * Math.log(p) / Math.log(2);
        }
        return bits;
    }

    /** Matches that are also mixed and random enough (a name of 43 letters is not a key). */
    private static void addRandom(List<Finding> findings, List<int[]> found, Pattern pattern, String text, String what) {
        Matcher matcher = pattern.matcher(text);
        while (matcher.find()) {
            String match = matcher.group();
            boolean known = found.stream().anyMatch(range -> range[0] < matcher.end() && matcher.start() < range[1]);
            if (!known && mixed(match) && entropy(match) >= RANDOMNESS * bits(match.length())) {
                findings.add(new Finding(what, excerpt(match)));
                found.add(new int[] { matcher.start(), matcher.end() });
            }
        }
    }

    private static void add(List<Finding> findings, List<int[]> found, Pattern pattern, String text, String what) {
        Matcher matcher = pattern.matcher(text);
        while (matcher.find()) {
            findings.add(new Finding(what, excerpt(matcher.group())));
            found.add(new int[] { matcher.start(), matcher.end() });
        }
    }

    private static String excerpt(String secret) {
        return secret.substring(0, Math.min(6, secret.length())) + "…";
    }
}
