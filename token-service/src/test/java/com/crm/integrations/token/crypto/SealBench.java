package com.crm.integrations.token.crypto;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicReference;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The sealed store's cost per seal and unseal ({@link TokenSealer}), next to what the JDK's AES-256-GCM
 * does in the same run: {@code Cipher.doFinal} with a fixed key, no associated data, a counter nonce and
 * a cipher reused per thread. Plain {@code main}, JDK only (bench/seal.sh compiles it with javac).
 *
 * <p>Each case: warm-up, then rounds of a fixed duration in which every thread times each operation;
 * per round p50 and p99 of those times and the operations per second of all threads together. Prints
 * a markdown table: per case the median over rounds of p50 and p99, and ops/s as min / median / max.
 *
 * <p>System properties: {@code bench.seal.rounds} (5), {@code bench.seal.round-millis} (400),
 * {@code bench.seal.warmup-millis} (1000), {@code bench.seal.threads} ("1,2").
 */
public final class SealBench {

    private static final int ROUNDS = Integer.getInteger("bench.seal.rounds", 5);
    private static final long ROUND_NANOS = Long.getLong("bench.seal.round-millis", 400) * 1_000_000;
    private static final long WARMUP_NANOS = Long.getLong("bench.seal.warmup-millis", 1000) * 1_000_000;
    private static final int[] THREADS = Arrays.stream(System.getProperty("bench.seal.threads", "1,2").split(","))
            .mapToInt(t -> Integer.parseInt(t.strip())).toArray();
    /** Latencies kept per thread and round; beyond this a round still counts operations. */
    private static final int SAMPLES = 1 << 20;
    private static final int DISTINCT_VALUES = 256;

    /** One operation of a case, made per thread (so it may hold per-thread state) for one token. */
    interface Operation {
        /** Returns something of the result, so that the JIT cannot drop the work. */
        int run(int i);
    }

    interface OperationFactory {
        Operation create(Token token, int thread) throws Exception;
    }

    record Token(String label, String value, TokenField field) {
    }

    record Case(String label, OperationFactory factory) {
    }

    record Row(String label, String token, int threads, long p50, long p99, double[] opsPerSecond) {
    }

    /** Written once per thread and round (a shared field written per operation would cost the threads). */
    private static volatile long sink;

    private SealBench() {
    }

    public static void main(String[] args) throws Exception {
        SecureRandom random = new SecureRandom();
        List<Token> tokens = List.of(
                new Token("access, 2,048 B", randomToken(random, 2048), TokenField.ACCESS),
                new Token("refresh, 512 B", randomToken(random, 512), TokenField.REFRESH));
        KeyRing ring = KeyRing.generate("bench");
        TokenSealer sealer = new TokenSealer(ring);
        byte[] rawKey = new byte[32];
        random.nextBytes(rawKey);
        SecretKeySpec fixedKey = new SecretKeySpec(rawKey, "AES");

        List<Case> cases = List.of(
                new Case("ceiling: raw AES-256-GCM encrypt (`Cipher.doFinal`, fixed key, no AAD, counter nonce)",
                        (token, thread) -> rawEncrypt(fixedKey, token, thread)),
                new Case("`TokenSealer.seal`", (token, thread) -> {
                    SealContext context = context(token, thread);
                    return i -> sealer.seal(token.value(), context).length();
                }),
                new Case("ceiling: raw AES-256-GCM decrypt (same)", (token, thread) -> rawDecrypt(fixedKey, token)),
                new Case("`TokenSealer.unseal`", (token, thread) -> {
                    SealContext context = context(token, thread);
                    Sealed[] values = new Sealed[DISTINCT_VALUES];
                    for (int v = 0; v < values.length; v++) {
                        values[v] = sealer.seal(token.value(), context);
                    }
                    return i -> sealer.unseal(values[i & (DISTINCT_VALUES - 1)], context).length();
                }),
                new Case("diagnostic: seal with a new `Cipher` per call (what the per-thread cipher avoids)",
                        (token, thread) -> {
                            SealContext context = context(token, thread);
                            return i -> sealNewCipher(ring.active(), random, token.value(), context).length;
                        }),
                new Case("diagnostic: `SecureRandom.nextBytes`, 12 bytes (the nonce), shared instance",
                        (token, thread) -> {
                            byte[] nonce = new byte[12];
                            return i -> {
                                random.nextBytes(nonce);
                                return nonce[0];
                            };
                        }));

        List<Row> rows = new ArrayList<>();
        for (int threads : THREADS) {
            for (Token token : tokens) {
                for (Case c : cases) {
                    System.err.printf(Locale.ROOT, "%s / %s / %d thread(s) ...%n", c.label(), token.label(), threads);
                    rows.add(measure(c, token, threads));
                }
            }
        }
        print(rows);
    }

    private static Row measure(Case c, Token token, int threads) throws Exception {
        Operation[] operations = new Operation[threads];
        for (int t = 0; t < threads; t++) {
            operations[t] = c.factory().create(token, t);
        }
        int[][] samples = new int[threads][SAMPLES];
        long[] counts = new long[threads];
        runRound(operations, samples, counts, WARMUP_NANOS);
        long[] p50 = new long[ROUNDS];
        long[] p99 = new long[ROUNDS];
        double[] rates = new double[ROUNDS];
        for (int r = 0; r < ROUNDS; r++) {
            long elapsed = runRound(operations, samples, counts, ROUND_NANOS);
            long total = Arrays.stream(counts).sum();
            int kept = 0;
            int[] all = new int[(int) Math.min(Integer.MAX_VALUE - 8, Arrays.stream(counts)
                    .map(n -> Math.min(n, SAMPLES)).sum())];
            for (int t = 0; t < threads; t++) {
                int n = (int) Math.min(counts[t], SAMPLES);
                System.arraycopy(samples[t], 0, all, kept, n);
                kept += n;
            }
            Arrays.sort(all);
            p50[r] = all[(int) (0.50 * (all.length - 1))];
            p99[r] = all[(int) (0.99 * (all.length - 1))];
            rates[r] = total * 1e9 / elapsed;
        }
        Arrays.sort(p50);
        Arrays.sort(p99);
        Arrays.sort(rates);
        return new Row(c.label(), token.label(), threads, p50[ROUNDS / 2], p99[ROUNDS / 2], rates);
    }

    /** All threads start together and run for {@code nanos}; returns the round's wall time. */
    private static long runRound(Operation[] operations, int[][] samples, long[] counts, long nanos)
            throws Exception {
        int threads = operations.length;
        CyclicBarrier start = new CyclicBarrier(threads + 1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread[] workers = new Thread[threads];
        long[] ends = new long[threads];
        long[] begin = new long[1];
        for (int t = 0; t < threads; t++) {
            int thread = t;
            workers[t] = new Thread(() -> {
                try {
                    Operation operation = operations[thread];
                    int[] mine = samples[thread];
                    start.await();
                    long deadline = begin[0] + nanos;
                    long n = 0;
                    long results = 0;
                    long before = System.nanoTime();
                    long after;
                    do {
                        results += operation.run((int) n);
                        after = System.nanoTime();
                        if (n < SAMPLES) {
                            mine[(int) n] = (int) Math.min(Integer.MAX_VALUE, after - before);
                        }
                        n++;
                        before = after;
                    } while (after < deadline);
                    counts[thread] = n;
                    ends[thread] = after;
                    sink += results;
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }, "bench-" + t);
            workers[t].start();
        }
        begin[0] = System.nanoTime();
        start.await();
        for (Thread worker : workers) {
            worker.join();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("a bench thread failed", failure.get());
        }
        return Arrays.stream(ends).max().orElseThrow() - begin[0];
    }

    private static Operation rawEncrypt(SecretKeySpec key, Token token, int thread) throws Exception {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        byte[] plaintext = token.value().getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[plaintext.length + 16];
        byte[] nonce = new byte[12];
        nonce[0] = (byte) thread; // the threads' counters never meet
        long[] counter = { 0 };
        return i -> {
            try {
                long next = ++counter[0];
                for (int b = 0; b < 8; b++) {
                    nonce[4 + b] = (byte) (next >>> (8 * b));
                }
                cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
                return cipher.doFinal(plaintext, 0, plaintext.length, out, 0);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
    }

    private static Operation rawDecrypt(SecretKeySpec key, Token token) throws Exception {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        byte[] nonce = new byte[12];
        cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
        byte[] ciphertext = cipher.doFinal(token.value().getBytes(StandardCharsets.UTF_8));
        return i -> {
            try {
                cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, nonce));
                return cipher.doFinal(ciphertext).length;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
    }

    /** TokenSealer.seal as it would be with {@code Cipher.getInstance} on every call. */
    private static byte[] sealNewCipher(EncryptionKey key, SecureRandom random, String plaintext,
            SealContext context) {
        try {
            byte[] nonce = new byte[12];
            random.nextBytes(nonce);
            byte[] input = plaintext.getBytes(StandardCharsets.UTF_8);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key.secretKey(), new GCMParameterSpec(128, nonce));
            cipher.updateAAD(context.associatedData());
            byte[] out = new byte[13 + input.length + 16];
            out[0] = 1;
            System.arraycopy(nonce, 0, out, 1, 12);
            cipher.doFinal(input, 0, input.length, out, 13);
            return out;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static SealContext context(Token token, int thread) {
        return new SealContext("tenant-" + thread, "google", UUID.randomUUID(), token.field());
    }

    private static String randomToken(SecureRandom random, int length) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.";
        StringBuilder token = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            token.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return token.toString();
    }

    private static void print(List<Row> rows) {
        System.out.println("| operation | token | threads | p50 (ns) | p99 (ns) | ops/s (min / median / max) | "
                + "median ops/s vs ceiling |");
        System.out.println("|---|---|---|---|---|---|---|");
        for (Row row : rows) {
            double median = row.opsPerSecond()[ROUNDS / 2];
            String versus = "–";
            if (!row.label().startsWith("ceiling") && !row.label().contains("SecureRandom")) {
                boolean decrypt = row.label().contains("unseal");
                Row ceiling = rows.stream()
                        .filter(r -> r.label().startsWith(decrypt ? "ceiling: raw AES-256-GCM decrypt"
                                : "ceiling: raw AES-256-GCM encrypt"))
                        .filter(r -> r.token().equals(row.token()) && r.threads() == row.threads())
                        .findFirst().orElseThrow();
                versus = String.format(Locale.ROOT, "%.0f %%", 100 * median / ceiling.opsPerSecond()[ROUNDS / 2]);
            }
            double[] ops = row.opsPerSecond();
            System.out.printf(Locale.ROOT, "| %s | %s | %d | %,d | %,d | %,.0f / %,.0f / %,.0f | %s |%n", row.label(),
                    row.token(), row.threads(), row.p50(), row.p99(), ops[0], median, ops[ROUNDS - 1], versus);
        }
    }
}
