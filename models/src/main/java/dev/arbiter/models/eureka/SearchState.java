package dev.arbiter.models.eureka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;

/**
 * The search across iterations, as Eureka's {@code summary.npz} and its running best: per iteration the winner's
 * index, fitness, execute rate and correlation; overall, the best spec so far (replaced only by a strictly higher
 * fitness, starting from {@link Selection#DUMMY_FAILURE}, so a failed iteration never becomes the best). The trainer
 * re-evaluates {@link #best()} over several seeds at the end.
 *
 * @param iterations one entry per iteration, in order
 * @param best       the best so far, or {@code null}
 */
public record SearchState(List<Entry> iterations, Entry best) {
    private static final JsonNodeFactory J = JsonNodeFactory.instance;

    public SearchState {
        iterations = List.copyOf(iterations);
    }

    /**
     * One iteration's winner (or the overall best).
     *
     * @param index -1 when every candidate failed
     */
    public record Entry(int iteration, int index, double fitness, double executeRate, Double correlation, String spec) {
    }

    public static SearchState empty() {
        return new SearchState(List.of(), null);
    }

    /** The state after one more iteration. */
    public SearchState next(EurekaSearch.Outcome o) {
        Selection s = o.selection();
        Entry e = new Entry(iterations.size(), s.index(), s.fitness(), s.executeRate(), o.correlation(), o.bestSpec());
        List<Entry> all = new ArrayList<>(iterations);
        all.add(e);
        double bestFitness = best == null ? Selection.DUMMY_FAILURE : best.fitness();
        Entry newBest = !s.allFailed() && s.fitness() > bestFitness ? e : best;
        return new SearchState(all, newBest);
    }

    public ObjectNode toJson() {
        ObjectNode o = J.objectNode();
        ArrayNode its = o.putArray("iterations");
        for (Entry e : iterations) {
            its.add(entry(e));
        }
        o.set("best", best == null ? J.nullNode() : entry(best));
        return o;
    }

    public static SearchState fromJson(JsonNode n) {
        if (n == null || !n.isObject() || !n.path("iterations").isArray()) {
            throw new IllegalArgumentException("a search state is an object with an 'iterations' array");
        }
        List<Entry> its = new ArrayList<>();
        for (JsonNode e : n.get("iterations")) {
            its.add(entry(e));
        }
        JsonNode b = n.get("best");
        return new SearchState(its, b == null || b.isNull() ? null : entry(b));
    }

    private static ObjectNode entry(Entry e) {
        ObjectNode o = J.objectNode();
        o.put("iteration", e.iteration());
        if (e.index() < 0) {
            o.putNull("index");
        } else {
            o.put("index", e.index());
        }
        o.put("fitness", e.fitness());
        o.put("execute_rate", e.executeRate());
        if (e.correlation() == null) {
            o.putNull("correlation");
        } else {
            o.put("correlation", e.correlation());
        }
        if (e.spec() == null) {
            o.putNull("spec");
        } else {
            o.put("spec", e.spec());
        }
        return o;
    }

    private static Entry entry(JsonNode e) {
        if (!e.isObject() || !e.path("iteration").isIntegralNumber() || !e.path("fitness").isNumber()) {
            throw new IllegalArgumentException("a search-state entry needs 'iteration' and 'fitness': " + e);
        }
        return new Entry(e.get("iteration").asInt(), e.path("index").isIntegralNumber() ? e.get("index").asInt() : -1,
                e.get("fitness").asDouble(), e.path("execute_rate").asDouble(0.0),
                e.path("correlation").isNumber() ? e.get("correlation").asDouble() : null,
                e.path("spec").isTextual() ? e.get("spec").asText() : null);
    }
}
