package dev.arbiter.shaping;

import dev.arbiter.core.Deadline;
import dev.arbiter.core.Reward;
import dev.arbiter.core.Sample;
import dev.arbiter.core.group.GroupMember;
import dev.arbiter.core.group.GroupTransform;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * A plain-main timing loop (not a test): time per group for every transform and per sample for the per-sample
 * types; each figure is the best of 7 rounds, measured in this thread's CPU time (the machine is shared). Run after {@code mvn -q -f shaping/pom.xml test-compile}:
 * <pre>java -cp shaping/target/classes:shaping/target/test-classes:$(cat /tmp/shaping.cp) dev.arbiter.shaping.ShapingTiming</pre>
 * where {@code /tmp/shaping.cp} comes from {@code mvn -q -f shaping/pom.xml dependency:build-classpath -Dmdep.outputFile=/tmp/shaping.cp}.
 */
public final class ShapingTiming {
    private ShapingTiming() {
    }

    public static void main(String[] args) {
        int groups = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        SplittableRandom rnd = new SplittableRandom(1);
        List<List<GroupMember>> batch8 = batch(rnd, groups, 8);
        List<List<GroupMember>> batch64 = batch(rnd, groups / 8, 64);
        String[] specs = {"grpo", "dr_grpo", "rloo", "{type: trust_grpo, alpha: 12000}", "rlpr_filter", "prime_filter", "whiten",
                "stable_reinforce_filter", "{type: pf_ppo, mode: br}", "best_of_n", "running_meanstd", "running_minmax",
                "mm_rlhf_scaling", "{type: chain, steps: [rlpr_filter, grpo]}"};
        System.out.println("transform | µs/group (G=8) | µs/group (G=64)");
        for (String spec : specs) {
            double t8 = time(spec, batch8);
            double t64 = time(spec, batch64);
            System.out.printf(Locale.ROOT, "%s | %.2f | %.2f%n", spec, t8, t64);
        }
        String[][] rewards = {
                {"{type: par, reward: {type: meta_score, field: rm}}", "{\"rm\": 1.3, \"reference_rewards\": [0.1, 0.5, 0.9, 1.2, 1.5, 2, 0.3, 0.8, 1.1, 1.7]}"},
                {"{type: par, method: lsc, reward: {type: meta_score, field: rm}}", "{\"rm\": 1.3, \"reference_rewards\": [0.1, 0.5, 0.9, 1.2, 1.5, 2, 0.3, 0.8, 1.1, 1.7]}"},
                {"{type: kl_regularized, reward: {type: meta_score, field: rm}}", "{\"rm\": 1, \"log_ratios\": " + tokens(rnd, 1024) + "}"},
                {"{type: brme, lambda: 0.5}", "{\"ensemble\": [{\"mean\": 1.2, \"std\": 0.1}, {\"mean\": 0.8, \"std\": 0.3}, {\"mean\": 1.0, \"std\": 0.2}]}"},
                {"{type: dpa, theta: -15}", "{\"objectives\": {\"helpfulness\": 70, \"verbosity\": 40}}"},
                {"lambda_harmonic", "{\"subject_similarity\": 0.8, \"text_similarity\": 0.3}"},
                {"{type: noise_flip, p: 0.1, reward: {type: meta_score, field: rm}}", "{\"rm\": 1}"},
                {"{type: prm_shaping, eta: 0.7}", "{\"step_scores\": " + tokens(rnd, 32) + "}"}};
        System.out.println("reward | µs/sample");
        for (String[] r : rewards) {
            Reward reward = S.reward(r[0]);
            Sample s = S.sample(r[1]);
            int n = groups * 2;
            double best = Double.MAX_VALUE;
            for (int round = 0; round < 7; round++) {
                long t0 = cpu();
                for (int i = 0; i < n; i++) {
                    reward.score(s, Deadline.none());
                }
                best = Math.min(best, (cpu() - t0) / 1e3 / n);
            }
            System.out.printf(Locale.ROOT, "%s | %.2f%n", r[0], best);
        }
    }

    private static String tokens(SplittableRandom rnd, int n) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < n; i++) {
            sb.append(i == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.4f", rnd.nextDouble(-1, 1)));
        }
        return sb.append(']').toString();
    }

    private static double time(String spec, List<List<GroupMember>> batch) {
        GroupTransform t = S.transform(spec);
        double best = Double.MAX_VALUE;
        for (int round = 0; round < 7; round++) {
            long t0 = cpu();
            for (List<GroupMember> g : batch) {
                t.apply(g, 12);
            }
            best = Math.min(best, (cpu() - t0) / 1e3 / batch.size());
        }
        return best;
    }

    private static List<List<GroupMember>> batch(SplittableRandom rnd, int groups, int size) {
        List<List<GroupMember>> out = new ArrayList<>();
        for (int g = 0; g < groups; g++) {
            List<GroupMember> m = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                double a = rnd.nextInt(3) / 2.0;
                m.add(S.member("g" + g, i, a, "{\"step\": 12, \"judge_score\": " + rnd.nextDouble() + "}"));
            }
            out.add(m);
        }
        return out;
    }

    private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();

    /** CPU time of this thread in ns: other processes on a shared machine do not inflate it the way they inflate wall time. */
    private static long cpu() {
        return THREADS.getCurrentThreadCpuTime();
    }
}
