package dev.arbiter.models.eureka;

import dev.arbiter.core.spec.RewardRegistry;
import dev.arbiter.core.spec.RewardSpec;
import dev.arbiter.core.spec.SpecException;
import dev.arbiter.core.spec.SpecNode;
import dev.arbiter.core.spec.SpecParser;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns an LLM answer into a {@link Candidate}: extracts the spec (the first {@code ```yaml} block, else the first
 * {@code ```yml} / {@code ```json} block, else the first fenced block of any kind, else the whole answer — the same
 * "first match of an ordered list of patterns" rule as Eureka's code extraction), then parses it with
 * {@link SpecParser} and builds it with the registry. A spec that fails either step is an execution failure whose
 * message is kept for the reflection.
 */
public final class CandidateValidator {
    private static final List<Pattern> FENCES = List.of(
            Pattern.compile("```[ \\t]*yaml[ \\t]*\\n(.*?)```", Pattern.DOTALL | Pattern.CASE_INSENSITIVE),
            Pattern.compile("```[ \\t]*yml[ \\t]*\\n(.*?)```", Pattern.DOTALL | Pattern.CASE_INSENSITIVE),
            Pattern.compile("```[ \\t]*json[ \\t]*\\n(.*?)```", Pattern.DOTALL | Pattern.CASE_INSENSITIVE),
            Pattern.compile("```[^\\n`]*\\n(.*?)```", Pattern.DOTALL));

    private final RewardRegistry registry;

    /** Validates against {@code registry} (usually {@link RewardVocabulary#registry()}: the offered types only). */
    public CandidateValidator(RewardRegistry registry) {
        this.registry = registry;
    }

    /** The spec text in an answer; the whole answer (stripped) when it has no fenced block. */
    public static String extract(String answer) {
        if (answer == null) {
            return "";
        }
        String a = answer.replace("\r\n", "\n");
        for (Pattern p : FENCES) {
            Matcher m = p.matcher(a);
            if (m.find()) {
                return m.group(1).strip();
            }
        }
        return a.strip();
    }

    /** Extracts, parses and builds the spec of the {@code index}-th answer. */
    public Candidate validate(int index, String answer) {
        String spec = extract(answer);
        if (spec.isEmpty()) {
            return new Candidate(index, answer, null, false, "the answer holds no spec", null, null);
        }
        return validateSpec(index, answer, spec);
    }

    /** Parses and builds spec text (already extracted). */
    public Candidate validateSpec(int index, String answer, String spec) {
        String source = "candidate-" + index + ".yaml";
        try {
            SpecNode root = new SpecParser().parse(source, spec);
            if (!root.node().isObject() && !root.node().isTextual()) {
                return new Candidate(index, answer, spec, false, source + ": the spec must be a map with 'type' (or a type name), got "
                        + root.node().getNodeType().name().toLowerCase(java.util.Locale.ROOT), null, null);
            }
            RewardSpec built = RewardSpec.fromNode(root, registry);
            return new Candidate(index, answer, spec, true, null, built.signature(), built.signatureId());
        } catch (SpecException e) {
            return new Candidate(index, answer, spec, false, e.getMessage(), null, null);
        } catch (RuntimeException e) {
            return new Candidate(index, answer, spec, false, source + ": the spec does not build: " + e, null, null);
        }
    }
}
