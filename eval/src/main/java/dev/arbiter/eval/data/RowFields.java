package dev.arbiter.eval.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arbiter.core.Prompt;
import dev.arbiter.core.json.ChatJson;

import java.util.ArrayList;
import java.util.List;

/**
 * Reading fields out of an input row, with messages that name the field. Loaders throw {@link BadRow}; the caller
 * turns it into a skipped item (or a failed run in strict mode) that names the row.
 */
public final class RowFields {
    private RowFields() {
    }

    /** A row that cannot become an item; the message names the field. */
    public static final class BadRow extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public BadRow(String message) {
            super(message, null, false, false);
        }
    }

    /** The first present, non-null field among {@code names}, or {@code null}. */
    public static JsonNode any(ObjectNode row, String... names) {
        for (String n : names) {
            JsonNode v = row.get(n);
            if (v != null && !v.isNull() && !v.isMissingNode()) {
                return v;
            }
        }
        return null;
    }

    /** A required field (the first of {@code names} present). */
    public static JsonNode required(ObjectNode row, String... names) {
        JsonNode v = any(row, names);
        if (v == null) {
            throw new BadRow("missing field '" + names[0] + "'" + (names.length > 1 ? " (or " + String.join(", ", List.of(names).subList(1, names.length)) + ")" : ""));
        }
        return v;
    }

    /** A required string field; numbers are printed. */
    public static String requiredText(ObjectNode row, String... names) {
        JsonNode v = required(row, names);
        if (v.isTextual() || v.isNumber() || v.isBoolean()) {
            return v.asText();
        }
        throw new BadRow("field '" + names[0] + "' must be a string, was " + kind(v));
    }

    /** An optional string field; numbers are printed; {@code null} when absent. */
    public static String text(ObjectNode row, String... names) {
        JsonNode v = any(row, names);
        if (v == null) {
            return null;
        }
        if (v.isTextual() || v.isNumber() || v.isBoolean()) {
            return v.asText();
        }
        throw new BadRow("field '" + names[0] + "' must be a string, was " + kind(v));
    }

    /** A required list of strings; a JSON-encoded or Python-literal list in a string is accepted too. */
    public static List<String> requiredStrings(ObjectNode row, String name) {
        JsonNode v = required(row, name);
        return strings(v, name);
    }

    public static List<String> strings(JsonNode v, String name) {
        if (v.isTextual()) {
            String s = v.asText().strip();
            if (s.startsWith("[")) {
                try {
                    List<Object> parsed = PythonLiterals.parseList(s);
                    List<String> out = new ArrayList<>(parsed.size());
                    for (Object o : parsed) {
                        out.add(String.valueOf(o));
                    }
                    return out;
                } catch (IllegalArgumentException e) {
                    throw new BadRow("field '" + name + "' holds a string that is not a list: " + e.getMessage());
                }
            }
            throw new BadRow("field '" + name + "' must be a list of strings, was a string");
        }
        if (!v.isArray()) {
            throw new BadRow("field '" + name + "' must be a list of strings, was " + kind(v));
        }
        List<String> out = new ArrayList<>(v.size());
        int i = 0;
        for (JsonNode e : v) {
            if (e.isTextual() || e.isNumber()) {
                out.add(e.asText());
            } else if (e.isObject() && e.has("content")) {
                out.add(e.get("content").asText());
            } else {
                throw new BadRow("field '" + name + "[" + i + "]' must be a string, was " + kind(e));
            }
            i++;
        }
        return out;
    }

    /** A list of integers, from a JSON array or a string holding one (VLRMBench's {@code task_gt}). */
    public static List<Integer> ints(JsonNode v, String name) {
        List<Object> raw;
        if (v.isTextual()) {
            try {
                raw = PythonLiterals.parseList(v.asText());
            } catch (IllegalArgumentException e) {
                throw new BadRow("field '" + name + "' is not a list: " + e.getMessage());
            }
        } else if (v.isArray()) {
            raw = new ArrayList<>();
            for (JsonNode e : v) {
                raw.add(e.isNumber() ? (Object) e.numberValue() : e.asText());
            }
        } else {
            throw new BadRow("field '" + name + "' must be a list of integers, was " + kind(v));
        }
        List<Integer> out = new ArrayList<>(raw.size());
        for (Object o : raw) {
            if (o instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
                out.add(n.intValue());
            } else {
                throw new BadRow("field '" + name + "' must hold integers, found " + o);
            }
        }
        return out;
    }

    /**
     * A prompt: a string, or a list of chat messages ({@code role}/{@code content}); {@code null} when absent.
     */
    public static Prompt prompt(JsonNode v, String name) {
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isTextual()) {
            return new Prompt.Text(v.asText());
        }
        if (v.isArray()) {
            List<Prompt.Message> msgs = new ArrayList<>();
            int i = 0;
            for (JsonNode m : v) {
                if (m.isObject() && m.has("content")) {
                    String role = m.has("role") ? m.get("role").asText() : (i % 2 == 0 ? "user" : "assistant");
                    msgs.add(new Prompt.Message(role, ChatJson.contentText(m.get("content"))));
                } else if (m.isTextual()) {
                    msgs.add(new Prompt.Message(i % 2 == 0 ? "user" : "assistant", m.asText()));
                } else {
                    throw new BadRow("field '" + name + "[" + i + "]' must be a chat message with 'content'");
                }
                i++;
            }
            return new Prompt.Chat(msgs);
        }
        throw new BadRow("field '" + name + "' must be a string or a list of messages, was " + kind(v));
    }

    /** Message content that may itself be a list of parts ({@code {type: text, text: …}}). */
    /**
     * A response given either as text or as a message list (the last message's content is the response and the
     * earlier ones are returned in {@code promptOut} when it is empty).
     */
    public static String responseText(JsonNode v, String name) {
        if (v.isTextual()) {
            return v.asText();
        }
        if (v.isArray() && v.size() > 0) {
            JsonNode last = v.get(v.size() - 1);
            if (last.isObject() && last.has("content")) {
                return ChatJson.contentText(last.get("content"));
            }
        }
        throw new BadRow("field '" + name + "' must be a string or a message list, was " + kind(v));
    }

    /** The messages before the last of a message-list response, as a prompt; {@code null} otherwise. */
    public static Prompt promptFromMessages(JsonNode v) {
        if (v != null && v.isArray() && v.size() > 1) {
            ArrayNode head = InputFiles.JSON.createArrayNode();
            for (int i = 0; i < v.size() - 1; i++) {
                head.add(v.get(i));
            }
            return prompt(head, "messages");
        }
        return null;
    }

    public static String kind(JsonNode v) {
        if (v == null || v.isNull()) {
            return "null";
        }
        return switch (v.getNodeType()) {
            case ARRAY -> "a list";
            case OBJECT -> "an object";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            default -> v.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
        };
    }
}
