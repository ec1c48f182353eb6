package dev.arbiter.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.arbiter.core.Prompt;
import dev.arbiter.core.Sample;

final class TextSamples {
    static final JsonNodeFactory J = JsonNodeFactory.instance;

    private TextSamples() {
    }

    static Sample s(String response, String reference) {
        return Sample.of(response, reference);
    }

    static Sample s(String response, JsonNode reference) {
        return Sample.of(response, reference);
    }

    static Sample withPrompt(String prompt, String response) {
        return new Sample("", "", new Prompt.Text(prompt), response, J.textNode("unused"), "", null);
    }
}
