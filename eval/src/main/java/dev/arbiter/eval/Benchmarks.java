package dev.arbiter.eval;

import dev.arbiter.eval.benchmark.Benchmark;
import dev.arbiter.eval.benchmark.JudgeBench;
import dev.arbiter.eval.benchmark.MRewardBench;
import dev.arbiter.eval.benchmark.RewardBench2;
import dev.arbiter.eval.benchmark.RewardBenchV1;
import dev.arbiter.eval.benchmark.RewardMath;
import dev.arbiter.eval.benchmark.RmBench;
import dev.arbiter.eval.benchmark.VilBench;
import dev.arbiter.eval.benchmark.VlRewardBench;
import dev.arbiter.eval.benchmark.VlrmBench;
import dev.arbiter.eval.benchmark.WildBench;

import java.util.List;
import java.util.Locale;

/** The benchmarks this build knows, by name and alias. Immutable. */
public final class Benchmarks {
    private static final List<Benchmark> ALL = List.of(new RewardBenchV1(), new RewardBench2(), new RmBench(), new RewardMath(),
            new MRewardBench(), new VlRewardBench(), new VlrmBench(), new VilBench(), new JudgeBench(), new WildBench());

    private Benchmarks() {
    }

    /** Every benchmark, in a fixed order. */
    public static List<Benchmark> all() {
        return ALL;
    }

    /** The primary names, in order. */
    public static List<String> names() {
        return ALL.stream().map(Benchmark::name).toList();
    }

    /** The benchmark called {@code name} (case-insensitive, aliases accepted); a USAGE error listing the names otherwise. */
    public static Benchmark get(String name) {
        if (name == null || name.isBlank()) {
            throw new EvalException(EvalException.Kind.USAGE, "no benchmark given; known: " + String.join(", ", names()));
        }
        String n = name.strip().toLowerCase(Locale.ROOT);
        for (Benchmark b : ALL) {
            if (b.name().equals(n) || b.aliases().contains(n)) {
                return b;
            }
        }
        throw new EvalException(EvalException.Kind.USAGE, "unknown benchmark '" + name + "'; known: " + String.join(", ", names()));
    }
}
