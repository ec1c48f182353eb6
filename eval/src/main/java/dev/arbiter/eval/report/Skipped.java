package dev.arbiter.eval.report;

/**
 * An input item left out of every denominator, and why.
 *
 * @param id     the item id (or {@code line N} when the row had none)
 * @param origin {@code file:line}
 * @param reason one sentence naming the field or candidate
 */
public record Skipped(String id, String origin, String reason) {
}
