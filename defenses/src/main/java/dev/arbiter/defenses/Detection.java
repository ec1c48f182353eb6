package dev.arbiter.defenses;

import dev.arbiter.core.Deadline;
import dev.arbiter.core.References;
import dev.arbiter.core.Reward;
import dev.arbiter.core.RewardResult;
import dev.arbiter.core.RewardSignature;
import dev.arbiter.core.Sample;
import dev.arbiter.core.Status;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The frame of every detector: score 1 when the response is clean, 0 when a hack is detected, with the rule that
 * fired as the reason and its evidence in the details ({@code detector}, {@code rule}, {@code evidence}). A spec can
 * {@code gate} on a detector (threshold 1) or wrap a reward in {@code guard}. A sample without a response is
 * {@code invalid_input}, as for every reward type.
 */
abstract class Detection implements Reward {
    private final RewardSignature signature;

    Detection(RewardSignature signature) {
        this.signature = signature;
    }

    @Override
    public final RewardSignature signature() {
        return signature;
    }

    @Override
    public final RewardResult score(Sample sample, Deadline deadline) {
        String response = References.response(sample);
        Finding f = detect(sample, response, deadline);
        if (f == null) {
            return RewardResult.ok(1.0, "clean");
        }
        if (f.rule() == null) {
            return RewardResult.ok(1.0, "clean").withDetails(f.evidence());
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("detector", signature.type());
        details.put("rule", f.rule());
        details.putAll(f.evidence());
        return new RewardResult(0.0, Status.OK, f.rule() + ": " + f.why(), details, Map.of());
    }

    /** The first rule that fires, or {@code null} (or a {@link Finding#clean} note) for a clean response. */
    abstract Finding detect(Sample sample, String response, Deadline deadline);

    /**
     * A detection.
     *
     * @param rule     the rule's name, such as {@code master_key}
     * @param why      one human sentence
     * @param evidence JSON-ready facts (the matched key, the repeated n-gram and its count, the length and limit)
     */
    record Finding(String rule, String why, Map<String, Object> evidence) {
        static Finding of(String rule, String why, Object... kv) {
            Map<String, Object> m = new LinkedHashMap<>();
            for (int i = 0; i < kv.length; i += 2) {
                m.put((String) kv[i], kv[i + 1]);
            }
            return new Finding(rule, why, m);
        }

        /** A clean result that still records facts (for example a rule that was skipped). */
        static Finding clean(Object... kv) {
            return of(null, "", kv);
        }
    }

    @Override
    public String toString() {
        return signature.text();
    }
}
