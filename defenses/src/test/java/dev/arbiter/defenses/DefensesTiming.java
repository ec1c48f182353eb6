package dev.arbiter.defenses;

import dev.arbiter.core.Deadline;
import dev.arbiter.core.Reward;
import dev.arbiter.core.Sample;

import java.util.Locale;
import java.util.SplittableRandom;

/**
 * A plain-main timing loop (not a test; best of 7 rounds of thread CPU time): µs per sample for each detector on a clean 500-word response and on a
 * looping 2 000-word one, and ns per pair for {@link LengthCorrelation}. Run after
 * {@code mvn -q -f defenses/pom.xml test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/defenses.cp}:
 * <pre>java -cp defenses/target/classes:defenses/target/test-classes:$(cat /tmp/defenses.cp) dev.arbiter.defenses.DefensesTiming</pre>
 */
public final class DefensesTiming {
    private DefensesTiming() {
    }

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        SplittableRandom rnd = new SplittableRandom(3);
        String[] vocab = "the a of to and in is that for it as with was on be by this are or an at from which we can".split(" ");
        StringBuilder clean = new StringBuilder();
        for (int i = 0; i < 500; i++) {
            clean.append(vocab[rnd.nextInt(vocab.length)]).append(i % 17 == 0 ? ". " : " ");
        }
        String looping = "so the answer is clearly going to be the same again and ".repeat(167);
        String[] specs = {"master_key_detector", "null_response_detector", "{type: length_hack_detector, max_length: 4096}",
                "repetition_detector",
                "{type: guard, reward: {type: constant, value: 1}, detectors: [master_key_detector, null_response_detector, repetition_detector]}"};
        System.out.println("detector | µs (clean, 500 words) | µs (looping, 2000 words)");
        for (String spec : specs) {
            Reward r = D.reward(spec);
            System.out.printf(Locale.ROOT, "%s | %.1f | %.1f%n", spec, time(r, D.s(clean.toString()), n), time(r, D.s(looping), n));
        }
        int pairs = 1_000_000;
        double bestAdd = Double.MAX_VALUE;
        double bestRho = Double.MAX_VALUE;
        double rho = 0;
        for (int round = 0; round < 5; round++) {
            LengthCorrelation lc = new LengthCorrelation();
            long t0 = cpu();
            for (int i = 0; i < pairs; i++) {
                lc.add(rnd.nextInt(4000), rnd.nextDouble());
            }
            long t1 = cpu();
            rho = lc.spearman();
            long t2 = cpu();
            bestAdd = Math.min(bestAdd, (t1 - t0) / (double) pairs);
            bestRho = Math.min(bestRho, (t2 - t1) / 1e6);
        }
        System.out.printf(Locale.ROOT, "LengthCorrelation.add | %.1f ns/pair; spearman() on the full 100k reservoir | %.1f ms (ρ=%.4f)%n",
                bestAdd, bestRho, rho);
    }

    private static double time(Reward r, Sample s, int n) {
        double best = Double.MAX_VALUE;
        for (int round = 0; round < 7; round++) {
            long t0 = cpu();
            for (int i = 0; i < n; i++) {
                r.score(s, Deadline.none());
            }
            best = Math.min(best, (cpu() - t0) / 1e3 / n);
        }
        return best;
    }

    private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();

    /** CPU time of this thread in ns: other processes on a shared machine do not inflate it the way they inflate wall time. */
    private static long cpu() {
        return THREADS.getCurrentThreadCpuTime();
    }
}
