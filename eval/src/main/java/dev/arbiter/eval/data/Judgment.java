package dev.arbiter.eval.data;

import java.util.List;

/**
 * One verdict of a generative judge (section 11.2): the candidates in the order shown, the raw output and the
 * parsed decision in that order's frame.
 *
 * @param order  the cids as shown to the judge, first = "A"
 * @param raw    the judge's raw output, or {@code null}
 * @param parsed {@code A>B}, {@code A>>B}, {@code A=B}, {@code B>A}, {@code B>>A}, a single letter {@code A}…{@code Z}
 *               naming the picked position, or {@code null} when unparseable
 * @param sample which of k samples this is (majority-of-k rules)
 */
public record Judgment(List<String> order, String raw, String parsed, int sample) {
    public Judgment {
        order = order == null ? List.of() : List.copyOf(order);
    }
}
