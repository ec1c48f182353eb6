package dev.arbiter.eval.probe;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arbiter.core.Prompt;

/**
 * One probe case: a prompt, its reference answer (may be null), a better and a worse response.
 *
 * @param id        for messages
 * @param prompt    the question
 * @param reference the reference answer for reference-based rewards, or null
 * @param good      the better response (chosen, correct)
 * @param bad       the worse response (rejected, incorrect)
 */
public record ProbeItem(String id, Prompt prompt, JsonNode reference, String good, String bad) {
}
