package dev.arbiter.math;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Where to look for an answer in a text, in priority order. Each group is a set of strategies whose matches
 * compete by position (the rightmost wins); groups are tried in order and the first match that parses is the
 * answer. In specs a group is written as strategy names joined by {@code +}, for example
 * {@code [boxed+final_answer, answer+gsm8k+option, whole, last_math+last_number]}.
 *
 * @param groups the strategy groups, highest priority first
 */
public record ExtractionConfig(List<Set<Strategy>> groups) {

    /** For model outputs: boxed or "final answer", then answer phrases, then the whole short text, then the last math or number. */
    public static final ExtractionConfig PREDICTION = fromSpec(List.of("boxed+final_answer", "answer+gsm8k+option",
            "whole", "last_math+last_number"));
    /** For references: usually a bare answer, sometimes a worked solution with a box. */
    public static final ExtractionConfig GOLD = fromSpec(List.of("boxed", "whole", "final_answer+answer+gsm8k",
            "last_math+last_number"));

    public ExtractionConfig {
        List<Set<Strategy>> copy = new ArrayList<>();
        for (Set<Strategy> g : groups) {
            if (g.isEmpty()) {
                throw new IllegalArgumentException("an extraction group is empty");
            }
            copy.add(Set.copyOf(g));
        }
        if (copy.isEmpty()) {
            throw new IllegalArgumentException("extraction needs at least one strategy");
        }
        groups = List.copyOf(copy);
    }

    /** Parses spec strings such as {@code boxed+final_answer}; throws {@link IllegalArgumentException} on unknown names. */
    public static ExtractionConfig fromSpec(List<String> groups) {
        List<Set<Strategy>> out = new ArrayList<>();
        for (String g : groups) {
            Set<Strategy> set = EnumSet.noneOf(Strategy.class);
            for (String name : g.split("[+]")) {
                set.add(Strategy.fromSpecName(name.strip()));
            }
            out.add(set);
        }
        return new ExtractionConfig(out);
    }

    /** The spec form of the groups, for signatures. */
    public List<String> specNames() {
        List<String> out = new ArrayList<>();
        for (Set<Strategy> g : groups) {
            List<String> names = new ArrayList<>();
            for (Strategy s : Strategy.values()) {
                if (g.contains(s)) {
                    names.add(s.specName());
                }
            }
            out.add(String.join("+", names));
        }
        return out;
    }

    /** One way of locating an answer. */
    public enum Strategy {
        /** The last {@code \boxed{}}/{@code \fbox{}}; neighbouring boxes joined by "and"/commas form a list. */
        BOXED("boxed"),
        /** "The final answer is X" and "Final Answer: … is X". */
        FINAL_ANSWER("final_answer"),
        /** "Answer: X", "the answer is X", GSM8K's "A: X". */
        ANSWER("answer"),
        /** GSM8K's {@code #### 42}. */
        GSM8K("gsm8k"),
        /** "The correct option is (C)". */
        OPTION("option"),
        /** The last {@code $…$}, {@code $$…$$}, {@code \[…\]} or {@code \(…\)}; neighbours joined by "and"/commas. */
        LAST_MATH("last_math"),
        /** The last number, preferring one tied to an answer phrase ("is 7", "= 7") near the end. */
        LAST_NUMBER("last_number"),
        /** The whole text, when it is short and reads as mathematics. */
        WHOLE("whole"),
        /** A multiple-choice letter A–J: a leading "B." or "(B)", else the last standalone capital letter. */
        LETTER("letter");

        private final String specName;

        Strategy(String specName) {
            this.specName = specName;
        }

        public String specName() {
            return specName;
        }

        public static Strategy fromSpecName(String name) {
            for (Strategy s : values()) {
                if (s.specName.equals(name)) {
                    return s;
                }
            }
            throw new IllegalArgumentException("unknown extraction strategy '" + name + "'; known: boxed, final_answer, "
                    + "answer, gsm8k, option, last_math, last_number, whole, letter");
        }
    }
}
