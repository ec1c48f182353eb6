package dev.arbiter.core.json;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arbiter.core.Prompt;

import java.util.ArrayList;
import java.util.List;

/** Prompts as rollout files and trainers write them in JSON: plain text, or OpenAI-style chat messages. */
public final class ChatJson {
    private ChatJson() {
    }

    /**
     * Plain text, or chat messages ({@code [{role, content}]}; role {@code user} when absent); {@link Prompt#EMPTY}
     * when absent. Anything else (a list with a non-message, a number, an object) is kept as its JSON text.
     */
    public static Prompt prompt(JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode()) {
            return Prompt.EMPTY;
        }
        if (n.isTextual()) {
            return new Prompt.Text(n.asText());
        }
        if (n.isArray()) {
            List<Prompt.Message> messages = new ArrayList<>();
            for (JsonNode m : n) {
                if (!m.isObject() || !m.has("content")) {
                    return new Prompt.Text(n.toString());
                }
                messages.add(new Prompt.Message(m.path("role").asText("user"), contentText(m.get("content"))));
            }
            return new Prompt.Chat(messages);
        }
        return new Prompt.Text(n.toString());
    }

    /**
     * A message's content as text: a string as is; a multi-part list's text parts (strings, or objects with
     * {@code text}) joined; empty for null; any other value as its JSON text.
     */
    public static String contentText(JsonNode content) {
        if (content == null || content.isNull() || content.isMissingNode()) {
            return "";
        }
        if (content.isTextual()) {
            return content.asText();
        }
        if (content.isArray()) {
            StringBuilder sb = new StringBuilder();
            for (JsonNode part : content) {
                if (part.isTextual()) {
                    sb.append(part.asText());
                } else if (part.has("text")) {
                    sb.append(part.get("text").asText());
                }
            }
            return sb.toString();
        }
        return content.toString();
    }
}
