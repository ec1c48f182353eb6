package dev.arbiter.eval.benchmark;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arbiter.eval.EvalException;
import dev.arbiter.eval.data.EvalItem;
import dev.arbiter.eval.data.InputFiles;
import dev.arbiter.eval.data.NormalizedItems;
import dev.arbiter.eval.data.RowFields;
import dev.arbiter.eval.report.ItemResult;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The shared part of every benchmark: row-by-row loading of official layouts and normalized items with bad rows
 * reported, duplicate-id detection, and a per-item loop that turns {@link ItemSkipped} into skipped items.
 */
public abstract class AbstractBenchmark implements Benchmark {

    @Override
    public List<EvalItem> load(InputFiles.Input input, EvalContext ctx) {
        if (input.isSingleObject()) {
            throw new EvalException(EvalException.Kind.INPUT, input.path() + ": holds one JSON object, not " + name()
                    + " rows (a JSON list, JSONL or Parquet)");
        }
        List<EvalItem> items = new ArrayList<>();
        List<InputFiles.Row> official = new ArrayList<>();
        for (InputFiles.Row row : input.rows()) {
            if (row.node() == null) {
                ctx.skip(row, null, row.error());
            } else if (NormalizedItems.isNormalized(row.node())) {
                try {
                    EvalItem item = NormalizedItems.parse(row.node(), name(), row.origin());
                    if (item.benchmark() != null && !accepts(item.benchmark())) {
                        ctx.skip(row, item.id(), "the item is for benchmark '" + item.benchmark() + "', not " + name());
                    } else {
                        items.add(item);
                    }
                } catch (RowFields.BadRow e) {
                    ctx.skip(row, idOf(row.node()), e.getMessage());
                }
            } else {
                official.add(row);
            }
        }
        if (!official.isEmpty()) {
            items.addAll(loadOfficial(official, ctx));
        }
        return dedupe(items, ctx);
    }

    private boolean accepts(String benchmarkName) {
        return benchmarkName.equalsIgnoreCase(name()) || aliases().stream().anyMatch(a -> a.equalsIgnoreCase(benchmarkName));
    }

    /** Turns official-layout rows into items; the default maps each row with {@link #officialRow}. */
    protected List<EvalItem> loadOfficial(List<InputFiles.Row> rows, EvalContext ctx) {
        List<EvalItem> out = new ArrayList<>();
        for (InputFiles.Row row : rows) {
            try {
                out.add(officialRow(row, ctx));
            } catch (RowFields.BadRow e) {
                ctx.skip(row, idOf(row.node()), e.getMessage());
            }
        }
        return out;
    }

    /** One official-layout row as an item; throws {@link RowFields.BadRow} naming the field. */
    protected EvalItem officialRow(InputFiles.Row row, EvalContext ctx) {
        throw new RowFields.BadRow("not a " + name() + " row: expected the normalized format (id, candidates, gold)");
    }

    protected static String idOf(ObjectNode node) {
        if (node == null) {
            return null;
        }
        for (String k : new String[] {"id", "pair_id", "session_id", "problem_id", "uid"}) {
            if (node.hasNonNull(k)) {
                return node.get(k).asText();
            }
        }
        return null;
    }

    /** Keeps the first item of each id; later ones are skipped naming the first. */
    protected static List<EvalItem> dedupe(List<EvalItem> items, EvalContext ctx) {
        Map<String, EvalItem> seen = new HashMap<>();
        List<EvalItem> out = new ArrayList<>(items.size());
        for (EvalItem it : items) {
            EvalItem first = seen.putIfAbsent(it.id(), it);
            if (first != null) {
                ctx.skip(it, "duplicate id: the same id was first seen at " + first.origin());
            } else {
                out.add(it);
            }
        }
        return out;
    }

    /** Applies {@code fn} to every item, in order; an item whose evaluation throws {@link ItemSkipped} is skipped. */
    protected static <T> List<T> each(List<EvalItem> items, EvalContext ctx, Function<EvalItem, T> fn) {
        List<T> out = new ArrayList<>(items.size());
        for (EvalItem it : items) {
            try {
                T t = fn.apply(it);
                if (t != null) {
                    out.add(t);
                }
            } catch (ItemSkipped e) {
                ctx.skip(it, e.getMessage());
            }
        }
        return out;
    }

    /** The candidates of an item with their scores (or null) for per-item output. */
    protected static List<ItemResult.CandidateResult> candidateResults(EvalItem item, Map<String, Double> scores) {
        List<ItemResult.CandidateResult> out = new ArrayList<>(item.candidates().size());
        item.candidates().forEach(c -> out.add(new ItemResult.CandidateResult(c.cid(), c.role(), scores.get(c.cid()), c.length())));
        return out;
    }
}
