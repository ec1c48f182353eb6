package dev.arbiter.eval;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arbiter.eval.probe.ProbeReport;
import dev.arbiter.eval.report.ItemResult;
import dev.arbiter.eval.report.Metric;
import dev.arbiter.eval.report.MetricGroup;
import dev.arbiter.eval.report.Skipped;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The result of {@code arbiter eval}: the headline, named variants, sections, subsets, every item with its scores,
 * the skipped items with reasons, notes, and what was run. Everything but {@link #elapsed()} is deterministic and
 * written to {@code results.json}.
 *
 * @param benchmark   the benchmark's name
 * @param title       its display title
 * @param headline    the leaderboard number (null when nothing could be scored)
 * @param variants    other published formulas and side numbers, by name
 * @param sections    coarse groups
 * @param subsets     fine groups
 * @param counts      items read, evaluated and skipped
 * @param skipped     items left out of every denominator, with reasons
 * @param notes       things a reader must know (missing sections, duplicated problems, unmatched score records…)
 * @param run         inputs, hashes, spec signature, options, aggregation spec and its hash
 * @param items       per-item results in input order
 * @param unit        what one counted unit is (pairs, prompts, problems, steps…)
 * @param probes      probe results when requested, else null
 * @param elapsed     wall time of the run (not written to results.json)
 */
public record EvalReport(String benchmark, String title, Metric headline, List<Metric> variants, List<MetricGroup> sections,
                         List<MetricGroup> subsets, Counts counts, List<Skipped> skipped, List<String> notes, RunInfo run,
                         List<ItemResult> items, String unit, ProbeReport probes, Duration elapsed) {

    public EvalReport {
        variants = List.copyOf(variants);
        sections = List.copyOf(sections);
        subsets = List.copyOf(subsets);
        skipped = List.copyOf(skipped);
        notes = List.copyOf(notes);
        items = List.copyOf(items);
    }

    /**
     * @param itemsRead      items in the input (loaded plus those skipped while loading)
     * @param itemsEvaluated items that entered the denominators
     * @param itemsSkipped   items left out, each listed in {@link #skipped()}
     * @param candidatesScored candidates scored by a spec (0 with precomputed scores)
     * @param scoreFailures  candidates whose reward result was not ok
     */
    public record Counts(int itemsRead, int itemsEvaluated, int itemsSkipped, int candidatesScored, int scoreFailures) {
    }

    /**
     * @param data              the data path as given, or null
     * @param dataSha256        its SHA-256, or null
     * @param scores            the scores path as given, or null
     * @param scoresSha256      its SHA-256, or null
     * @param scoresKind        what the score input was recognised as
     * @param spec              the spec's source, or null
     * @param specSignature     the spec's full signature, or null
     * @param specSignatureId   its 12-hex id, or null
     * @param options           the effective benchmark options
     * @param aggregation       the aggregation spec applied
     * @param aggregationHash   12 hex digits of the SHA-256 of the aggregation spec's canonical JSON
     */
    public record RunInfo(String data, String dataSha256, String scores, String scoresSha256, String scoresKind, String spec,
                          String specSignature, String specSignatureId, Map<String, String> options, ObjectNode aggregation,
                          String aggregationHash) {
    }

    /** A metric by name: the headline or a variant. */
    public Optional<Metric> metric(String name) {
        if (headline != null && headline.name().equals(name)) {
            return Optional.of(headline);
        }
        return variants.stream().filter(m -> m.name().equals(name)).findFirst();
    }

    /** A section or subset by name. */
    public Optional<MetricGroup> group(String name) {
        return java.util.stream.Stream.concat(sections.stream(), subsets.stream()).filter(g -> g.name().equals(name)).findFirst();
    }

    public EvalReport withProbes(ProbeReport p) {
        return new EvalReport(benchmark, title, headline, variants, sections, subsets, counts, skipped, notes, run, items, unit, p, elapsed);
    }
}
