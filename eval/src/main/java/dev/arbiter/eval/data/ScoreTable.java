package dev.arbiter.eval.data;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Score records by item id, plus what went wrong reading them (duplicate ids, malformed lines), so that every item
 * left without a score can be reported with the reason.
 *
 * @param byId       id → record
 * @param duplicates id → where the second record for it was found (the item is skipped: which one is meant?)
 * @param problems   malformed lines and other file-level problems, for the report's notes
 * @param source     where the scores came from ({@code --scores FILE}, {@code spec …}, {@code embedded})
 */
public record ScoreTable(Map<String, ScoreRecord> byId, Map<String, String> duplicates, List<String> problems,
                         String source) {
    public ScoreTable {
        byId = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(byId));
        duplicates = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(duplicates));
        problems = List.copyOf(problems);
    }

    public static ScoreTable empty(String source) {
        return new ScoreTable(Map.of(), Map.of(), List.of(), source);
    }

    public ScoreRecord get(String id) {
        return byId.get(id);
    }
}
