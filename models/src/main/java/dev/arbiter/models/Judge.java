package dev.arbiter.models;

import dev.arbiter.core.Deadline;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The port to a generative judge: chat messages in, one or more completions (with token log-probabilities when asked)
 * out. The production adapter speaks the OpenAI chat-completions API ({@link dev.arbiter.models.remote.OpenAiChat});
 * tests may use a fake. Implementations are thread-safe and throw
 * {@link dev.arbiter.models.remote.RemoteException} or {@link dev.arbiter.core.DeadlineExceededException}, never
 * return null.
 */
public interface Judge {

    Reply complete(Request request, Deadline deadline);

    /** One chat message; {@code images} are URLs or {@code data:} URIs sent as {@code image_url} parts. */
    record Message(String role, String text, List<String> images) {
        public Message {
            Objects.requireNonNull(role, "role");
            Objects.requireNonNull(text, "text");
            images = List.copyOf(images);
        }

        public static Message of(String role, String text) {
            return new Message(role, text, List.of());
        }
    }

    /**
     * One judge call.
     *
     * @param topLogprobs how many alternatives to return per generated token; 0 for none
     * @param seed        the sampling seed sent to servers that honour it; {@code null} for none
     */
    record Request(List<Message> messages, double temperature, int maxTokens, int n, int topLogprobs, Long seed) {
        public Request {
            messages = List.copyOf(messages);
            if (n < 1) {
                throw new IllegalArgumentException("n (" + n + ") must be at least 1");
            }
        }
    }

    /** One generated token: its text, log-probability, and the top alternatives at its position (token → logprob). */
    record Token(String text, double logprob, Map<String, Double> top) {
        public Token {
            top = Map.copyOf(top);
        }
    }

    /** One completion: its text and, when asked for, its tokens. */
    record Completion(String text, List<Token> tokens, String finishReason) {
        public Completion {
            text = text == null ? "" : text;
            tokens = List.copyOf(tokens);
            finishReason = finishReason == null ? "" : finishReason;
        }
    }

    record Reply(List<Completion> completions) {
        public Reply {
            completions = List.copyOf(completions);
        }

        public Completion first() {
            return completions.get(0);
        }
    }
}
