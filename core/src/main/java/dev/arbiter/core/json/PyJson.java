package dev.arbiter.core.json;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.util.Optional;

/**
 * JSON parsing with Python's {@code json.loads} acceptance rules, which the reference implementations use: the
 * whole text (surrounding whitespace allowed) must be exactly one value, {@code NaN}/{@code Infinity} literals are
 * accepted, anything else fails. Never throws: a failure is an empty optional.
 */
public final class PyJson {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private PyJson() {
    }

    public static Optional<JsonNode> loads(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String t = text.strip();
        if (t.isEmpty()) {
            return Optional.empty();
        }
        try {
            JsonNode n = MAPPER.readTree(t);
            return n == null || n.isMissingNode() ? Optional.empty() : Optional.of(n);
        } catch (Exception | StackOverflowError e) {
            return Optional.empty();
        }
    }
}
