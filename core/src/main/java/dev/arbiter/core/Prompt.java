package dev.arbiter.core;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/** The prompt a response answers: plain text, or a list of chat messages. */
public sealed interface Prompt permits Prompt.Text, Prompt.Chat {

    /** The prompt as one string: the text itself, or the messages as {@code role: content} lines. */
    String asText();

    /** The content of the last user message, or the whole text for a plain prompt. */
    String lastUserText();

    Prompt EMPTY = new Text("");

    record Text(String text) implements Prompt {
        public Text {
            Objects.requireNonNull(text, "text");
        }

        @Override
        public String asText() {
            return text;
        }

        @Override
        public String lastUserText() {
            return text;
        }
    }

    record Chat(List<Message> messages) implements Prompt {
        public Chat {
            messages = List.copyOf(messages);
        }

        @Override
        public String asText() {
            return messages.stream().map(m -> m.role() + ": " + m.content()).collect(Collectors.joining("\n"));
        }

        @Override
        public String lastUserText() {
            for (int i = messages.size() - 1; i >= 0; i--) {
                if ("user".equals(messages.get(i).role())) {
                    return messages.get(i).content();
                }
            }
            return "";
        }
    }

    record Message(String role, String content) {
        public Message {
            Objects.requireNonNull(role, "role");
            Objects.requireNonNull(content, "content");
        }
    }
}
