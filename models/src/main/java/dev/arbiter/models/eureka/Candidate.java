package dev.arbiter.models.eureka;

/**
 * One proposed reward spec: the LLM's answer, the spec extracted from it, and whether it parses and builds.
 *
 * @param index       its position among the iteration's K candidates (0-based)
 * @param answer      the LLM's whole answer (empty when the call failed)
 * @param specText    the extracted spec, or {@code null} when there was none
 * @param valid       it parsed and built with the registry
 * @param error       why it is not valid, or {@code null}
 * @param signature   the built spec's full signature, or {@code null}
 * @param signatureId twelve hex digits naming the signature, or {@code null}
 */
public record Candidate(int index, String answer, String specText, boolean valid, String error, String signature,
                        String signatureId) {

    public Candidate {
        answer = answer == null ? "" : answer;
        if (valid && (specText == null || signature == null)) {
            throw new IllegalArgumentException("a valid candidate needs its spec text and signature");
        }
        if (!valid && (error == null || error.isBlank())) {
            throw new IllegalArgumentException("an invalid candidate needs its error");
        }
    }

    /** The file name {@code propose} writes the spec under. */
    public String fileName() {
        return "candidate-" + index + ".yaml";
    }

    /** A candidate whose LLM call failed; it counts as an execution failure. */
    public static Candidate noAnswer(int index, String error) {
        return new Candidate(index, "", null, false, "no answer from the LLM: " + error, null, null);
    }
}
