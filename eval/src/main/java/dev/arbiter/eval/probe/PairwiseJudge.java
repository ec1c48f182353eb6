package dev.arbiter.eval.probe;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arbiter.core.Deadline;
import dev.arbiter.core.Prompt;

/**
 * Judges which of two responses is better, in the order shown. Scalar rewards are judged by comparing their two
 * scores ({@link ProbeRunner} does this itself, scoring in parallel); a generative pairwise judge (a later issue)
 * plugs in here so the position, null-model and length probes exercise it in both orders. Implementations must be
 * thread-safe; a call that cannot decide returns {@link Verdict#UNPARSED} rather than throwing.
 */
public interface PairwiseJudge {

    /** The decision in the shown order. */
    enum Verdict {
        /** The first-shown response is better. */
        FIRST,
        /** The second-shown response is better. */
        SECOND,
        /** Equally good. */
        TIE,
        /** No decision could be read. */
        UNPARSED
    }

    Verdict judge(Prompt prompt, String first, String second, JsonNode reference, Deadline deadline);

    /** The judge's printable identity (model, prompt template, parser). */
    String signature();
}
