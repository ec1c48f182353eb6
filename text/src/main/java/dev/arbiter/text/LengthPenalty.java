package dev.arbiter.text;

import dev.arbiter.core.Deadline;
import dev.arbiter.core.References;
import dev.arbiter.core.Reward;
import dev.arbiter.core.RewardResult;
import dev.arbiter.core.RewardSignature;
import dev.arbiter.core.Sample;
import dev.arbiter.core.spec.Param;
import dev.arbiter.core.spec.ParamKind;
import dev.arbiter.core.spec.Params;
import dev.arbiter.core.spec.RewardFactory;

import java.util.List;

/**
 * {@code length_penalty}: DAPO's soft overlong punishment. With L the response length, M {@code max_length} and B
 * {@code buffer}: 0 while L ≤ M − B, then falling linearly to −{@code penalty} at L = M, and −{@code penalty} beyond
 * (DAPO truncates at M, so its formula never goes further; we clamp instead of extrapolating). Length is counted in
 * characters (code points) or whitespace-separated words, since this module has no tokenizer.
 */
public record LengthPenalty(int maxLength, int buffer, double penalty, boolean words, RewardSignature signature)
        implements Reward {

    @Override
    public RewardResult score(Sample sample, Deadline deadline) {
        String response = References.response(sample);
        long length = words ? Normalization.splitWhitespace(response, deadline).size()
                : response.codePointCount(0, response.length());
        long free = (long) maxLength - buffer;
        if (length <= free) {
            return RewardResult.ok(0.0).withDetail("length", length);
        }
        double over = Math.min(1.0, (double) (length - free) / buffer);
        return RewardResult.ok(-over * penalty, length + (words ? " words" : " characters") + ", " + (length - free)
                + " into the " + buffer + " buffer").withDetail("length", length);
    }

    public static final class Factory implements RewardFactory {
        @Override public String name() { return "length_penalty"; }
        @Override public int version() { return 1; }
        @Override public String family() { return "text"; }
        @Override public String source() { return "DAPO (Yu et al., 2025) soft overlong punishment"; }
        @Override public String description() {
            return "0 up to max_length − buffer, then linearly down to −penalty at max_length (range [−penalty, 0]).";
        }
        @Override public List<Param> parameters() {
            return List.of(
                    Param.optional("max_length", ParamKind.INT, 4096, "the length at which the full penalty applies"),
                    Param.optional("buffer", ParamKind.INT, 1024, "the length of the ramp before max_length"),
                    Param.optional("penalty", ParamKind.DOUBLE, 1.0, "the full penalty (positive; the score is its negative)"),
                    Param.choice("unit", "chars", List.of("chars", "words"), "count characters or whitespace words"));
        }

        @Override
        public Reward create(Params p) {
            int max = p.integer("max_length");
            int buffer = p.integer("buffer");
            if (buffer < 1 || buffer > max) {
                throw p.error("buffer", "buffer (" + buffer + ") must be between 1 and max_length (" + max + ")");
            }
            if (p.number("penalty") < 0) {
                throw p.error("penalty", "penalty (" + p.number("penalty") + ") must not be negative");
            }
            return new LengthPenalty(max, buffer, p.number("penalty"), p.string("unit").equals("words"), p.signature(version()));
        }
    }
}
