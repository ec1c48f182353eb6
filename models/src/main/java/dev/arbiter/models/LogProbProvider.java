package dev.arbiter.models;

import dev.arbiter.core.Deadline;

import java.util.List;

/**
 * The port to a model's token log-probabilities: how likely is {@code continuation} after {@code context}, token by
 * token. The production adapter uses an OpenAI-compatible completions endpoint with {@code echo} and {@code logprobs}
 * ({@link dev.arbiter.models.remote.OpenAiCompletionLogProbs}). Thread-safe.
 */
public interface LogProbProvider {

    /**
     * The log-probabilities of the tokens that cover {@code continuation}, in order. A token that straddles the
     * boundary between context and continuation counts as a continuation token.
     *
     * @throws dev.arbiter.core.InvalidInputException when the continuation is empty or has no scored token
     */
    TokenLogProbs logProbs(String context, String continuation, Deadline deadline);

    /** The continuation's tokens and their log-probabilities (natural log). */
    record TokenLogProbs(List<String> tokens, double[] logprobs) {
        public TokenLogProbs {
            tokens = List.copyOf(tokens);
            logprobs = logprobs.clone();
            if (tokens.size() != logprobs.length) {
                throw new IllegalArgumentException("tokens and logprobs differ in length");
            }
        }

        public double sum() {
            double s = 0;
            for (double v : logprobs) {
                s += v;
            }
            return s;
        }

        public int size() {
            return logprobs.length;
        }

        @Override
        public double[] logprobs() {
            return logprobs.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof TokenLogProbs t && t.tokens.equals(tokens) && java.util.Arrays.equals(t.logprobs, logprobs);
        }

        @Override
        public int hashCode() {
            return tokens.hashCode() * 31 + java.util.Arrays.hashCode(logprobs);
        }
    }
}
