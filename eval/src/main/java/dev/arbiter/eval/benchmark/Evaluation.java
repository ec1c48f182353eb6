package dev.arbiter.eval.benchmark;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arbiter.eval.report.ItemResult;
import dev.arbiter.eval.report.Metric;
import dev.arbiter.eval.report.MetricGroup;

import java.util.List;

/**
 * What a benchmark's rule and aggregation made of the scored items.
 *
 * @param headline    the leaderboard number
 * @param variants    other published formulas and side numbers, each by name
 * @param sections    the coarse groups (RewardBench sections, RM-Bench domains, JudgeBench categories, languages…)
 * @param subsets     the fine groups (subsets, sources, difficulty cells…)
 * @param items       per-item results, in input order
 * @param aggregation the aggregation spec applied (weights, formulas, switches), echoed with its hash in reports
 * @param unit        what one counted unit is ({@code pairs}, {@code prompts}, {@code problems}, {@code steps}, …)
 */
public record Evaluation(Metric headline, List<Metric> variants, List<MetricGroup> sections, List<MetricGroup> subsets,
                         List<ItemResult> items, ObjectNode aggregation, String unit) {
    public Evaluation {
        variants = List.copyOf(variants);
        sections = List.copyOf(sections);
        subsets = List.copyOf(subsets);
        items = List.copyOf(items);
    }
}
