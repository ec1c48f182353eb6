package dev.arbiter.eval.benchmark;

import dev.arbiter.eval.data.EvalItem;
import dev.arbiter.eval.data.ScoreRecord;
import dev.arbiter.eval.data.ScoreTable;

import java.util.List;

/**
 * Looking up an item's scores with reasons that name the candidate when they are missing, not finite, duplicated
 * or failed. Every miss is an {@link ItemSkipped}: the item leaves the denominator and the report says why.
 */
public final class ItemScores {
    private ItemScores() {
    }

    /** The item's score record; skips the item when there is none or more than one. */
    public static ScoreRecord record(EvalItem item, ScoreTable table) {
        String dup = table.duplicates().get(item.id());
        if (dup != null) {
            throw new ItemSkipped("two score records for this id (" + dup + "); which one is meant is unclear");
        }
        ScoreRecord r = table.get(item.id());
        if (r == null) {
            throw new ItemSkipped("no score record with this id in " + table.source());
        }
        return r;
    }

    /** True when the record has a score entry (possibly NaN) or a failure for {@code cid}. */
    public static boolean has(EvalItem item, ScoreRecord rec, String cid) {
        return rec.failures().containsKey(cid) || rec.scores().get(key(item, rec, cid)) != null;
    }

    /** The finite score of candidate {@code cid}. */
    public static double score(EvalItem item, ScoreRecord rec, String cid) {
        String failure = rec.failures().get(cid);
        if (failure != null) {
            throw new ItemSkipped("candidate '" + cid + "' was not scored: " + failure);
        }
        Double v = rec.scores().get(key(item, rec, cid));
        if (v == null) {
            throw new ItemSkipped("no score for candidate '" + cid + "'" + (rec.scores().isEmpty() ? ""
                    : " (scores given for: " + String.join(", ", rec.scores().keySet()) + ")"));
        }
        if (!Double.isFinite(v)) {
            throw new ItemSkipped("the score of candidate '" + cid + "' is " + v);
        }
        return v;
    }

    /** The scores of {@code cids}, in order. */
    public static double[] scores(EvalItem item, ScoreRecord rec, List<String> cids) {
        double[] out = new double[cids.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = score(item, rec, cids.get(i));
        }
        return out;
    }

    /** The finite per-step scores of {@code cid}. */
    public static List<Double> steps(EvalItem item, ScoreRecord rec, String cid) {
        String failure = rec.failures().get(cid);
        if (failure != null) {
            throw new ItemSkipped("candidate '" + cid + "' was not scored: " + failure);
        }
        List<Double> v = rec.stepScores().get(stepKey(item, rec, cid));
        if (v == null) {
            throw new ItemSkipped("no step scores for candidate '" + cid + "'");
        }
        if (v.isEmpty()) {
            throw new ItemSkipped("the step scores of candidate '" + cid + "' are empty");
        }
        for (int i = 0; i < v.size(); i++) {
            if (!Double.isFinite(v.get(i))) {
                throw new ItemSkipped("step " + (i + 1) + " of candidate '" + cid + "' scored " + v.get(i));
            }
        }
        return v;
    }

    private static String key(EvalItem item, ScoreRecord rec, String cid) {
        if (rec.scores().containsKey(cid)) {
            return cid;
        }
        return positional(item, cid);
    }

    private static String stepKey(EvalItem item, ScoreRecord rec, String cid) {
        if (rec.stepScores().containsKey(cid)) {
            return cid;
        }
        return positional(item, cid);
    }

    private static String positional(EvalItem item, String cid) {
        for (int i = 0; i < item.candidates().size(); i++) {
            if (item.candidates().get(i).cid().equals(cid)) {
                return "#" + i;
            }
        }
        return cid;
    }
}
