package dev.arbiter.models;

import dev.arbiter.core.Deadline;
import dev.arbiter.core.Prompt;

import java.util.List;

/**
 * The port to a scalar (sequence-classification) reward model: conversations in, one number each out. Adapters: a
 * local ONNX model directory ({@link dev.arbiter.models.onnx.OnnxRewardModel}) and remote vLLM / TEI endpoints
 * ({@link dev.arbiter.models.remote.RemoteScalarModel}). Implementations batch as they see fit, but a conversation's
 * score must not depend on which other conversations share its batch. Thread-safe.
 */
public interface ScalarRewardModel {

    /**
     * Scores every conversation (the prompt's messages followed by the assistant's response). The result holds one
     * entry per input, in order: a score, or the reason that conversation could not be scored.
     */
    List<Outcome> score(List<List<Prompt.Message>> conversations, Deadline deadline);

    /**
     * One conversation's score, or why there is none ({@code invalid} for the input's fault). {@code columns} holds
     * every output column (label) of a multi-label model, in label order; null for a single-output model.
     */
    record Outcome(double score, String invalidReason, int tokens, List<Double> columns) {
        public static Outcome ok(double score, int tokens) {
            return new Outcome(score, null, tokens, null);
        }

        public static Outcome ok(double score, int tokens, List<Double> columns) {
            return new Outcome(score, null, tokens, columns == null ? null : List.copyOf(columns));
        }

        public static Outcome invalid(String reason) {
            return new Outcome(0.0, reason, 0, null);
        }

        public boolean isOk() {
            return invalidReason == null;
        }
    }
}
