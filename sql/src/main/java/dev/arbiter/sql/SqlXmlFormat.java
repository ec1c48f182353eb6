package dev.arbiter.sql;

import dev.arbiter.core.Deadline;
import dev.arbiter.core.References;
import dev.arbiter.core.Reward;
import dev.arbiter.core.RewardResult;
import dev.arbiter.core.RewardSignature;
import dev.arbiter.core.Sample;
import dev.arbiter.core.spec.Param;
import dev.arbiter.core.spec.Params;
import dev.arbiter.core.spec.RewardFactory;

import java.util.List;

/**
 * The XML-count format reward ({@code count_xml} of Reasoning-SQL and TRL's GRPO recipes), a soft tag reward:
 * +0.125 for each of {@code <reasoning>\n}, {@code \n</reasoning>\n}, {@code \n<answer>\n}, {@code \n</answer>}
 * that occurs exactly once; the last two also subtract 0.001 per character after the closing answer tag (after
 * {@code \n</answer>\n}, and after {@code \n</answer>} less one). Range (−∞, 0.5]; lengths count code points as
 * Python does. Needs no reference. Stateless and thread-safe.
 */
public final class SqlXmlFormat implements Reward {
    private final RewardSignature signature;

    SqlXmlFormat(RewardSignature signature) {
        this.signature = signature;
    }

    @Override
    public RewardSignature signature() {
        return signature;
    }

    @Override
    public RewardResult score(Sample sample, Deadline deadline) {
        return RewardResult.ok(countXml(References.response(sample)));
    }

    /** The authors' {@code count_xml}, to the bit. */
    static double countXml(String text) {
        double count = 0.0;
        if (occurrences(text, "<reasoning>\n") == 1) {
            count += 0.125;
        }
        if (occurrences(text, "\n</reasoning>\n") == 1) {
            count += 0.125;
        }
        if (occurrences(text, "\n<answer>\n") == 1) {
            count += 0.125;
            count -= after(text, "\n</answer>\n") * 0.001;
        }
        if (occurrences(text, "\n</answer>") == 1) {
            count += 0.125;
            count -= (after(text, "\n</answer>") - 1) * 0.001;
        }
        return count;
    }

    /** Non-overlapping occurrences, as Python's {@code str.count}. */
    private static int occurrences(String text, String s) {
        int n = 0;
        int at = text.indexOf(s);
        while (at >= 0) {
            n++;
            at = text.indexOf(s, at + s.length());
        }
        return n;
    }

    /** {@code len(text.split(s)[-1])}: code points after the last occurrence (the whole text if none). */
    private static int after(String text, String s) {
        int last = text.lastIndexOf(s);
        int from = last < 0 ? 0 : last + s.length();
        return text.codePointCount(from, text.length());
    }

    /** Registered as {@code sql_xml_format}. */
    public static final class Factory implements RewardFactory {
        @Override public String name() { return "sql_xml_format"; }
        @Override public int version() { return 1; }
        @Override public String family() { return "sql"; }
        @Override public String description() {
            return "Soft XML-tag format reward (count_xml): 0.125 per well-formed <reasoning>/<answer> tag, minus "
                    + "0.001 per character after </answer>; at most 0.5.";
        }
        @Override public String source() {
            return "Reasoning-SQL (Pourreza et al.), RLForSQL grpo_training_llm_partial_reward.py count_xml";
        }
        @Override public List<Param> parameters() {
            return List.of();
        }

        @Override
        public Reward create(Params p) {
            return new SqlXmlFormat(p.signature(version()));
        }
    }
}
