package dev.arbiter.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arbiter.core.RewardResult;

import java.util.List;
import java.util.Map;

/**
 * One wire format for scoring requests: how a request body becomes items to score, and how their results become the
 * response body. Implementations are stateless and thread-safe; {@link #read} throws {@link HttpProblem} for a request
 * it cannot take as a whole and turns a bad field of one sample into that sample's {@code invalid_input}.
 */
interface ScoringProtocol {

    /** The endpoint's name in metrics, e.g. {@code native}, {@code verl}, {@code openrlhf}. */
    String name();

    /** Reads a request body into items; throws {@link HttpProblem} for request-level errors. */
    Request read(JsonNode body, Context context);

    /** A read request: its items in order and how to render their results. */
    record Request(List<ScoringEngine.Item> items, Renderer renderer) {
    }

    /** Renders results, in item order, as the response body (status 200, JSON). */
    interface Renderer {
        byte[] render(List<ScoringEngine.Item> items, List<RewardResult> results);
    }

    /**
     * What a protocol may consult.
     *
     * @param specs        the loaded specs
     * @param pathSpec     the spec named by the path ({@code /v1/score/{spec}}), or null
     * @param query        the query parameters (first value of each)
     * @param maxBatchSize the batch limit
     * @param endMarkers   end-of-text markers stripped from OpenRLHF responses
     */
    record Context(LoadedSpecs specs, String pathSpec, Map<String, String> query, int maxBatchSize,
                   List<String> endMarkers) {

        /** The spec named by the path, else by {@code ?spec=}, else the default; 404 when it is not loaded. */
        NamedSpec selectedSpec() {
            return specs.select(pathSpec != null ? pathSpec : query.get("spec"));
        }

        /** 413 when a request carries more samples than allowed. */
        void checkBatch(int n) {
            if (n > maxBatchSize) {
                throw new HttpProblem(413, "batch_too_large", "the request carries " + n
                        + " samples, over the limit of " + maxBatchSize + "; split it into smaller requests",
                        Map.of("max_batch_size", maxBatchSize), Map.of());
            }
        }
    }

    /** {@code reward_error}: 1 when the sample could not be scored (any status but ok), else 0. */
    static int rewardError(RewardResult r) {
        return r.isOk() ? 0 : 1;
    }
}
