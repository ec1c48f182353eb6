package dev.arbiter.defenses;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arbiter.core.Deadline;
import dev.arbiter.core.InvalidInputException;
import dev.arbiter.core.References;
import dev.arbiter.core.Reward;
import dev.arbiter.core.RewardSignature;
import dev.arbiter.core.Sample;
import dev.arbiter.core.spec.Param;
import dev.arbiter.core.spec.ParamKind;
import dev.arbiter.core.spec.Params;
import dev.arbiter.core.spec.RewardFactory;

import java.util.List;

/**
 * {@code length_hack_detector} (catalog D3): flags responses padded for reward. Rules (at least one must be set):
 * <ul>
 *   <li>{@code over_length}: the length exceeds {@code max_length} (PAR penalises beyond 300 tokens);</li>
 *   <li>{@code over_reference_ratio}: the length exceeds max({@code ratio_floor}, {@code max_reference_ratio} × the
 *       length of the shortest reference answer). Samples without a usable reference skip this rule (recorded in the
 *       details as {@code reference_ratio: skipped}).</li>
 * </ul>
 * Length is counted in {@code unit}: code points ({@code chars}), whitespace words ({@code words}), or tokens given
 * as {@code meta.<length_field>} ({@code tokens}; a missing or non-numeric count is {@code invalid_input}). The
 * reference rule needs chars or words. Score 1 = clean, 0 = detected.
 */
public final class LengthHackDetector extends Detection {
    private final String unit;
    private final Integer maxLength;
    private final Double maxRatio;
    private final int ratioFloor;
    private final String lengthField;

    LengthHackDetector(String unit, Integer maxLength, Double maxRatio, int ratioFloor, String lengthField,
                       RewardSignature signature) {
        super(signature);
        this.unit = unit;
        this.maxLength = maxLength;
        this.maxRatio = maxRatio;
        this.ratioFloor = ratioFloor;
        this.lengthField = lengthField;
    }

    @Override
    Finding detect(Sample sample, String response, Deadline deadline) {
        long len = length(sample, response, deadline);
        if (maxLength != null && len > maxLength) {
            return Finding.of("over_length", len + " " + unit + " exceed the limit of " + maxLength,
                    "length", len, "limit", maxLength, "unit", unit);
        }
        if (maxRatio != null) {
            List<String> answers;
            try {
                answers = References.answers(sample.reference());
            } catch (InvalidInputException e) {
                return Finding.clean("reference_ratio", "skipped: " + e.getMessage());
            }
            long ref = Long.MAX_VALUE;
            for (String a : answers) {
                ref = Math.min(ref, measure(a, deadline));
            }
            double limit = Math.max(ratioFloor, maxRatio * ref);
            if (len > limit) {
                return Finding.of("over_reference_ratio", len + " " + unit + " exceed " + maxRatio + " × the reference's "
                        + ref + " (limit " + limit + ")", "length", len, "reference_length", ref, "limit", limit, "unit", unit);
            }
        }
        return null;
    }

    private long length(Sample sample, String response, Deadline deadline) {
        if (!unit.equals("tokens")) {
            return measure(response, deadline);
        }
        JsonNode n = sample.meta().get(lengthField);
        if (n == null || !n.isNumber() || !Double.isFinite(n.asDouble()) || n.asDouble() < 0) {
            throw new InvalidInputException("unit tokens needs meta." + lengthField + " as a non-negative number"
                    + (n == null ? " (missing)" : ", got " + Text.abbreviate(n.toString(), 40)));
        }
        return (long) n.asDouble();
    }

    private long measure(String s, Deadline deadline) {
        return unit.equals("words") ? Text.words(s, deadline).size() : Text.codePoints(s);
    }

    public static final class Factory implements RewardFactory {
        @Override public String name() { return "length_hack_detector"; }
        @Override public int version() { return 1; }
        @Override public String family() { return "defenses"; }
        @Override public String source() { return "Length-based defenses recap (catalog D3): PAR's 300-token rule, length-vs-reference checks"; }
        @Override public String description() {
            return "1 = clean, 0 = the response is longer than max_length or than max_reference_ratio × the reference.";
        }
        @Override public List<Param> parameters() {
            return List.of(
                    Param.choice("unit", "words", List.of("chars", "words", "tokens"), "how length is counted (tokens: meta.response_length)"),
                    Param.optional("max_length", ParamKind.INT, null, "longest allowed response"),
                    Param.optional("max_reference_ratio", ParamKind.DOUBLE, null, "longest allowed response as a multiple of the shortest reference"),
                    Param.optional("ratio_floor", ParamKind.INT, 32, "the reference rule never fires at or below this length"),
                    Param.optional("length_field", ParamKind.STRING, "response_length", "meta number: the token count for unit tokens"));
        }
        @Override
        public Reward create(Params p) {
            if (!p.isSet("max_length") && !p.isSet("max_reference_ratio")) {
                throw p.error("max_length", "length_hack_detector needs max_length and/or max_reference_ratio");
            }
            if (p.isSet("max_reference_ratio") && p.string("unit").equals("tokens")) {
                throw p.error("max_reference_ratio", "the reference rule counts chars or words (the reference has no token count)");
            }
            if (p.isSet("max_reference_ratio") && p.number("max_reference_ratio") <= 0) {
                throw p.error("max_reference_ratio", "max_reference_ratio must be positive");
            }
            return new LengthHackDetector(p.string("unit"), p.isSet("max_length") ? p.integer("max_length") : null,
                    p.isSet("max_reference_ratio") ? p.number("max_reference_ratio") : null, p.integer("ratio_floor"),
                    p.string("length_field"), p.signature(version()));
        }
    }
}
