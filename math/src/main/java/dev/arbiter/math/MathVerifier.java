package dev.arbiter.math;

import dev.arbiter.core.Deadline;
import dev.arbiter.core.DeadlineExceededException;
import dev.arbiter.core.Status;
import dev.arbiter.core.Ticker;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Math answer verification: {@link #parse} finds and parses the answer in a text, {@link #verify} decides whether a
 * prediction's answer equals a gold answer. Immutable and thread-safe; every call takes a {@link Deadline} and
 * checks it in every input-dependent loop, so a budget holds in any thread.
 *
 * <pre>{@code
 * Verdict v = MathVerifier.defaults().verify("\\frac{1}{2}", "The answer is $0.5$.");
 * v.equivalent();   // true
 * v.matchedBy();    // "exact"
 * }</pre>
 *
 * @param goldExtraction where the answer is in a gold text
 * @param predExtraction where the answer is in a prediction
 * @param compare        how answers are compared
 */
public record MathVerifier(ExtractionConfig goldExtraction, ExtractionConfig predExtraction, CompareOptions compare) {
    /** The budget of {@link #verify(String, String)}. */
    public static final Duration DEFAULT_BUDGET = Duration.ofSeconds(1);
    private static final MathVerifier DEFAULTS = new MathVerifier(ExtractionConfig.GOLD, ExtractionConfig.PREDICTION,
            CompareOptions.DEFAULTS);

    public MathVerifier {
        Objects.requireNonNull(goldExtraction, "goldExtraction");
        Objects.requireNonNull(predExtraction, "predExtraction");
        Objects.requireNonNull(compare, "compare");
    }

    public static MathVerifier defaults() {
        return DEFAULTS;
    }

    /**
     * The answers found in {@code text}: at most one parsed candidate (the first that parses in priority order), or
     * the raw text of the first match when nothing parses; empty when nothing looks like an answer.
     *
     * @throws DeadlineExceededException when the deadline passes
     */
    public List<Candidate> parse(String text, ExtractionConfig config, Deadline deadline) {
        return AnswerExtractor.extract(text == null ? "" : text, config, deadline);
    }

    /** {@link #verify(String, String, Deadline)} with {@link #DEFAULT_BUDGET} on the system clock. */
    public Verdict verify(String goldText, String predictionText) {
        return verify(goldText, predictionText, Deadline.after(DEFAULT_BUDGET, Ticker.system()));
    }

    /** Extracts, parses and compares; never throws. */
    public Verdict verify(String goldText, String predictionText, Deadline deadline) {
        try {
            List<Candidate> gold = parse(goldText, goldExtraction, deadline);
            List<Candidate> pred = parse(predictionText, predExtraction, deadline);
            return verify(gold, pred, deadline);
        } catch (DeadlineExceededException e) {
            return new Verdict(Status.TIMEOUT, false, "", e.getMessage(), "", "");
        } catch (StackOverflowError e) {
            return new Verdict(Status.INVALID_INPUT, false, "", "the answer nests too deeply to verify", "", "");
        }
    }

    /** Compares already parsed candidates: equivalent when any gold candidate equals any predicted one. Never throws. */
    public Verdict verify(List<Candidate> gold, List<Candidate> pred, Deadline deadline) {
        if (gold.isEmpty()) {
            return new Verdict(Status.INVALID_INPUT, false, "", "no answer was found in the gold text", "",
                    pred.isEmpty() ? "" : pred.get(0).text());
        }
        String goldText = gold.get(0).text();
        if (pred.isEmpty()) {
            return new Verdict(Status.OK, false, "", "no answer was found in the prediction", goldText, "");
        }
        String firstDifference = null;
        String undecided = null;
        try {
            for (Candidate g : gold) {
                for (Candidate p : pred) {
                    Equivalence.Outcome o;
                    try {
                        o = new Equivalence(compare, deadline).compare(g.expr(), p.expr());
                    } catch (BigRational.TooLargeException e) {
                        o = Equivalence.Outcome.undecided(e.getMessage());
                    }
                    switch (o.kind()) {
                        case EQUAL -> {
                            return new Verdict(Status.OK, true, o.matchedBy(), "equal by " + o.matchedBy(), g.text(), p.text());
                        }
                        case UNDECIDED -> undecided = undecided == null ? o.reason() : undecided;
                        case DIFFERENT -> firstDifference = firstDifference == null ? o.reason() : firstDifference;
                    }
                }
            }
        } catch (DeadlineExceededException e) {
            return new Verdict(Status.TIMEOUT, false, "", e.getMessage(), goldText, pred.get(0).text());
        } catch (StackOverflowError e) {
            return new Verdict(Status.INVALID_INPUT, false, "", "the answer nests too deeply to verify", goldText,
                    pred.get(0).text());
        }
        if (firstDifference == null && undecided != null) {
            return new Verdict(Status.INVALID_INPUT, false, "", "cannot compare: " + undecided, goldText, pred.get(0).text());
        }
        return new Verdict(Status.OK, false, "", firstDifference == null ? "not equal" : firstDifference, goldText,
                pred.get(0).text());
    }
}
