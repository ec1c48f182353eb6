package dev.arbiter.eval.data;

import java.util.List;
import java.util.Objects;

/**
 * One response to be scored (section 11.1 of the benchmark spec).
 *
 * @param cid         the candidate's id within its item ({@code c0}, {@code chosen}, …)
 * @param text        the full response text; {@code null} when the input only names the candidate (precomputed scores)
 * @param role        {@code chosen}, {@code rejected}, {@code correct}, {@code incorrect} or {@code unlabelled}
 * @param style       RM-Bench's style index (0 concise, 1 detailed plain, 2 detailed markdown), or {@code null}
 * @param steps       the response split into steps for PRMs, or {@code null}
 * @param sourceModel the model that wrote the response, or {@code null}
 */
public record Candidate(String cid, String text, String role, Integer style, List<String> steps, String sourceModel) {
    public Candidate {
        Objects.requireNonNull(cid, "cid");
        role = role == null ? "unlabelled" : role;
        steps = steps == null ? null : List.copyOf(steps);
    }

    public static Candidate of(String cid, String text, String role) {
        return new Candidate(cid, text, role, null, null, null);
    }

    /** Characters of the text (code points), or 0 when there is none. */
    public int length() {
        return text == null ? 0 : text.codePointCount(0, text.length());
    }

    /** True for chosen and correct candidates. */
    public boolean isPositive() {
        return role.equals("chosen") || role.equals("correct");
    }

    /** True for rejected and incorrect candidates. */
    public boolean isNegative() {
        return role.equals("rejected") || role.equals("incorrect");
    }
}
