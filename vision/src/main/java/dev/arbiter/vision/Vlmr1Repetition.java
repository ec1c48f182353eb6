package dev.arbiter.vision;

import dev.arbiter.core.json.PyJson;
import com.fasterxml.jackson.databind.JsonNode;
import dev.arbiter.core.Deadline;
import dev.arbiter.core.References;
import dev.arbiter.core.Reward;
import dev.arbiter.core.RewardResult;
import dev.arbiter.core.RewardSignature;
import dev.arbiter.core.Sample;
import dev.arbiter.core.spec.Params;
import dev.arbiter.core.spec.Param;
import dev.arbiter.core.spec.RewardFactory;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code vlmr1_repetition}: VLM-R1's legacy repetition penalty (catalog A6, {@code repetition_reward}), in [−1, 0].
 * No reference is needed.
 * <ol>
 *   <li>An empty response scores 0.</li>
 *   <li>If a box list is found — the first {@code ```json} fence, else the first {@code ```} fence, else the first
 *       {@code [{…"bbox_2d"…"label"…}]} — and parses as a non-empty JSON list, the items that are objects with both
 *       keys are unigrams ({@code bbox_2d} and {@code label} together): {@code −(1 − unique/total)}, 0 when none.</li>
 *   <li>Otherwise word 6-grams of the lower-cased, whitespace-split text: {@code −(1 − unique/total)}; fewer than
 *       6 words → 0.</li>
 * </ol>
 * <em>Departure:</em> the authors try {@code json_repair} on JSON that does not parse; here such text falls through
 * to the word rule. Items that are not objects are skipped (the authors' code raises on some of them).
 */
public record Vlmr1Repetition(RewardSignature signature) implements Reward {
    private static final Pattern ANY_FENCE = Pattern.compile("```(.*?)```", Pattern.DOTALL);
    private static final Pattern BOX_LIST = Pattern.compile("\\[\\s*\\{.*?\"bbox_2d\".*?\"label\".*?}\\s*\\]", Pattern.DOTALL);

    @Override
    public RewardResult score(Sample sample, Deadline deadline) {
        String content = References.response(sample);
        if (content.isEmpty()) {
            return RewardResult.ok(0.0, "empty response");
        }
        Optional<String> json = Tags.first(Tags.JSON_FENCE, content, deadline).map(Tags::pyStrip);
        if (json.isEmpty()) {
            json = Tags.first(ANY_FENCE, content, deadline).map(Tags::pyStrip).filter(s -> !s.isEmpty());
            if (json.isEmpty()) {
                java.util.regex.Matcher m = BOX_LIST.matcher(deadline.guard(content));
                json = m.find() ? Optional.of(m.group()) : Optional.empty();
            }
        }
        if (json.isPresent() && !json.get().isEmpty()) {
            Optional<JsonNode> data = PyJson.loads(json.get());
            if (data.isPresent() && data.get().isArray() && !data.get().isEmpty()) {
                List<String> items = new ArrayList<>();
                for (JsonNode item : data.get()) {
                    if (item.isObject() && item.has("bbox_2d") && item.has("label")) {
                        JsonNode l = item.get("label");
                        items.add(item.get("bbox_2d") + "_" + (l.isTextual() ? l.asText() : l.toString()));
                    }
                }
                if (items.isEmpty()) {
                    return RewardResult.ok(0.0, "no box items");
                }
                Set<String> unique = new HashSet<>(items);
                return RewardResult.ok(0.0 - (1.0 - (double) unique.size() / items.size()))
                        .withDetail("unit", "box").withDetail("unique", unique.size()).withDetail("total", items.size());
            }
        }
        List<String> words = PyText.split(content.toLowerCase(Locale.ROOT));
        int n = 6;
        if (words.size() < n) {
            return RewardResult.ok(0.0, "fewer than 6 words");
        }
        Set<List<String>> grams = new HashSet<>();
        int total = 0;
        for (int i = 0; i + n <= words.size(); i++) {
            if ((i & 0xFFF) == 0) {
                deadline.check();
            }
            grams.add(words.subList(i, i + n));
            total++;
        }
        return RewardResult.ok(0.0 - (1.0 - (double) grams.size() / total)).withDetail("unit", "6-gram")
                .withDetail("unique", grams.size()).withDetail("total", total);
    }

    public static final class Factory implements RewardFactory {
        @Override public String name() { return "vlmr1_repetition"; }
        @Override public int version() { return 1; }
        @Override public String family() { return "vision"; }
        @Override public String source() { return "VLM-R1 repetition_reward (catalog A6)"; }
        @Override public String description() {
            return "−(1 − unique/total) over repeated box items, or over word 6-grams; in [−1, 0].";
        }
        @Override public List<Param> parameters() { return List.of(); }
        @Override public Reward create(Params p) { return new Vlmr1Repetition(p.signature(version())); }
    }
}
