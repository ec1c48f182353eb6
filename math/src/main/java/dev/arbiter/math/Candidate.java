package dev.arbiter.math;

/**
 * One answer found in a text.
 *
 * @param text     the answer as written (delimiters removed)
 * @param expr     its parse; a {@link MathExpr.Text} of the raw text when it did not parse
 * @param strategy how it was found ({@code boxed}, {@code last_number}, …)
 * @param parsed   whether {@code expr} is a real parse rather than the raw-text fallback
 */
public record Candidate(String text, MathExpr expr, String strategy, boolean parsed) {
}
