package dev.arbiter.text;

import dev.arbiter.core.Deadline;
import dev.arbiter.core.InvalidInputException;
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
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code multiple_choice}: extracts the chosen option letter and scores 1 when it equals the reference letter.
 *
 * <p>Extraction, first rule that finds a letter wins:
 * <ol>
 *   <li>the last {@code \boxed{C}} (also {@code \boxed{(C)}}, {@code \boxed{\text{C}}});</li>
 *   <li>the last answer phrase: "the answer is (C)", "correct option is C", "Answer: C", "final answer: **C**",
 *       "choice C";</li>
 *   <li>a response that is only a letter: "C", "(C)", "C.", "C)";</li>
 *   <li>a response that starts with a letter followed by ")", "." or ":" ("C. Paris").</li>
 * </ol>
 * Letters are upper case and limited to {@code letters}; a lower-case "a" in prose is never taken for option A.
 * The reference is a letter, optionally in parentheses or followed by the option text ("(C)", "C. Paris").
 */
public record MultipleChoice(String letters, Pattern boxed, Pattern phrase, Pattern alone, Pattern leading,
                             RewardSignature signature) implements Reward {

    static MultipleChoice of(String letters, RewardSignature signature) {
        String cls = "[" + letters + "]";
        Pattern boxed = Pattern.compile("\\\\(?:boxed|fbox)\\s*\\{\\s*(?:\\\\text(?:bf)?\\{\\s*)?\\(?(" + cls
                + ")\\)?\\s*\\}?\\s*\\}");
        Pattern phrase = Pattern.compile("(?i:(?:answer|option|choice)(?:\\s+(?:is|would\\s+be|should\\s+be))?)"
                + "\\s*(?:[:：]\\s*)?(?:\\*\\*\\s*)?(?:\\$\\s*)?\\(?(" + cls + ")\\)?(?![A-Za-z0-9])");
        Pattern alone = Pattern.compile("\\s*(?:\\*\\*)?\\s*\\(?(" + cls + ")\\)?[.:]?\\s*(?:\\*\\*)?\\s*");
        Pattern leading = Pattern.compile("\\s*\\(?(" + cls + ")[).:](?:\\s|$)[\\s\\S]*");
        return new MultipleChoice(letters, boxed, phrase, alone, leading, signature);
    }

    @Override
    public RewardResult score(Sample sample, Deadline deadline) {
        String response = References.response(sample);
        String gold = goldLetter(References.answers(sample.reference()).get(0));
        Optional<Extracted> got = extract(response, deadline);
        if (got.isEmpty()) {
            return RewardResult.ok(0.0, "no option letter found").withDetail("gold", gold);
        }
        boolean right = got.get().letter().equals(gold);
        return RewardResult.ok(right ? 1.0 : 0.0, right ? "chose the right option" : "chose " + got.get().letter()
                        + ", the answer is " + gold)
                .withDetail("extracted", got.get().letter()).withDetail("rule", got.get().rule()).withDetail("gold", gold);
    }

    record Extracted(String letter, String rule) {
    }

    Optional<Extracted> extract(String response, Deadline deadline) {
        CharSequence text = deadline.guard(response);
        String last = lastGroup(boxed.matcher(text));
        if (last != null) {
            return Optional.of(new Extracted(last, "boxed"));
        }
        last = lastGroup(phrase.matcher(text));
        if (last != null) {
            return Optional.of(new Extracted(last, "answer_phrase"));
        }
        if (response.length() <= 64) {
            Matcher m = alone.matcher(response);
            if (m.matches()) {
                return Optional.of(new Extracted(m.group(1), "bare_letter"));
            }
        }
        Matcher m = leading.matcher(text);
        if (m.matches()) {
            return Optional.of(new Extracted(m.group(1), "leading_letter"));
        }
        return Optional.empty();
    }

    private static String lastGroup(Matcher m) {
        String last = null;
        while (m.find()) {
            last = m.group(1);
        }
        return last;
    }

    private String goldLetter(String ref) {
        Matcher m = leading.matcher(ref + " ");
        if (m.matches()) {
            return m.group(1);
        }
        m = alone.matcher(ref);
        if (m.matches()) {
            return m.group(1);
        }
        throw new InvalidInputException("the reference '" + References.abbreviate(ref) + "' is not an option letter among "
                + letters);
    }

    public static final class Factory implements RewardFactory {
        @Override public String name() { return "multiple_choice"; }
        @Override public int version() { return 1; }
        @Override public String family() { return "text"; }
        @Override public String description() {
            return "1 if the option letter the response chooses (boxed, 'the answer is (C)', 'Answer: C', a bare letter) "
                    + "equals the reference letter, else 0.";
        }
        @Override public List<Param> parameters() {
            return List.of(Param.optional("letters", ParamKind.STRING, "ABCDEFGHIJ", "the option letters, in order"));
        }

        @Override
        public Reward create(Params p) {
            String letters = p.string("letters");
            if (!letters.matches("[A-Z]{2,26}") || letters.chars().distinct().count() != letters.length()) {
                throw p.error("letters", "expected 2 to 26 distinct upper-case letters, got \"" + letters + "\"");
            }
            return of(letters, p.signature(version()));
        }
    }
}
