package dev.arbiter.eval.probe;

import dev.arbiter.eval.EvalException;
import dev.arbiter.eval.ProgressListener;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@code arbiter probe} asks for.
 *
 * @param spec            the reward spec (file, inline YAML/JSON or type name); required
 * @param data            probe cases: normalized items or a benchmark's data (with {@code benchmark}); null uses the
 *                        built-in probe set (24 math and general questions with references, better and worse answers)
 * @param benchmark       the benchmark whose layout {@code data} is in; null reads normalized items
 * @param probes          which probes to run ({@link ProbeRunner#PROBES}); empty runs all
 * @param repeats         calls per sample for the score-noise probe (at least 2)
 * @param acceptThreshold a verifier accepts a response scoring at least this (master-key probe)
 * @param maxCases        at most this many cases are taken from {@code data}, evenly spread
 * @param outDir          where to write {@code probes.json}, {@code probes.md} and {@code probes.html}; null writes nothing
 * @param parallelism     scoring threads; 0 means the number of processors
 * @param judge           a pairwise judge for the pairwise probes, or null to compare the spec's scores
 * @param progress        progress of scoring, or null
 */
public record ProbeRequest(String spec, Path data, String benchmark, List<String> probes, int repeats, double acceptThreshold,
                           int maxCases, Path outDir, int parallelism, PairwiseJudge judge, ProgressListener progress) {
    public ProbeRequest {
        if (spec == null || spec.isBlank()) {
            throw new EvalException(EvalException.Kind.USAGE, "the probes need a reward spec (--spec)");
        }
        probes = probes == null ? List.of() : List.copyOf(probes);
        for (String p : probes) {
            if (!ProbeRunner.PROBES.contains(p)) {
                throw new EvalException(EvalException.Kind.USAGE, "unknown probe '" + p + "'; known: " + String.join(", ", ProbeRunner.PROBES));
            }
        }
        if (repeats < 2) {
            throw new EvalException(EvalException.Kind.USAGE, "repeats (" + repeats + ") must be at least 2");
        }
        if (maxCases < 1) {
            throw new EvalException(EvalException.Kind.USAGE, "max cases (" + maxCases + ") must be at least 1");
        }
        if (parallelism < 0) {
            throw new EvalException(EvalException.Kind.USAGE, "parallelism (" + parallelism + ") must not be negative");
        }
        progress = progress == null ? ProgressListener.NONE : progress;
    }

    /** All probes on the built-in probe set with defaults: 5 repeats, accept at 0.5, 200 cases. */
    public static ProbeRequest of(String spec) {
        return new ProbeRequest(spec, null, null, List.of(), 5, 0.5, 200, null, 0, null, null);
    }

    public ProbeRequest withOutDir(Path dir) {
        return new ProbeRequest(spec, data, benchmark, probes, repeats, acceptThreshold, maxCases, dir, parallelism, judge, progress);
    }

    public ProbeRequest withData(Path d, String bench) {
        return new ProbeRequest(spec, d, bench, probes, repeats, acceptThreshold, maxCases, outDir, parallelism, judge, progress);
    }

    public ProbeRequest withProbes(List<String> names) {
        return new ProbeRequest(spec, data, benchmark, names, repeats, acceptThreshold, maxCases, outDir, parallelism, judge, progress);
    }

    public ProbeRequest withJudge(PairwiseJudge j) {
        return new ProbeRequest(spec, data, benchmark, probes, repeats, acceptThreshold, maxCases, outDir, parallelism, j, progress);
    }

    public int effectiveParallelism() {
        return parallelism == 0 ? Runtime.getRuntime().availableProcessors() : parallelism;
    }
}
