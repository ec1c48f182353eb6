package dev.arbiter.models.eureka;

/**
 * The reward reflection carried into the next iteration, as Eureka carries it: the best candidate's answer (the
 * assistant turn) and the feedback on it (the following user turn). File form:
 * <pre>
 * &lt;&lt;&lt;assistant&gt;&gt;&gt;
 * …the chosen candidate's answer…
 * &lt;&lt;&lt;user&gt;&gt;&gt;
 * …the statistics and advice…
 * </pre>
 * A file without these markers is feedback only (a hand-written reflection); an empty file is no reflection.
 *
 * @param assistant the best candidate's answer, or {@code null}
 * @param feedback  the feedback text; never blank
 */
public record Reflection(String assistant, String feedback) {
    static final String ASSISTANT = "<<<assistant>>>\n";
    static final String USER = "<<<user>>>\n";

    public Reflection {
        if (feedback == null || feedback.isBlank()) {
            throw new IllegalArgumentException("a reflection needs feedback text");
        }
        assistant = assistant == null || assistant.isBlank() ? null : assistant;
    }

    /** Reads the file form; {@code null} for empty text. */
    public static Reflection parse(String text) {
        String t = text.replace("\r\n", "\n");
        if (t.isBlank()) {
            return null;
        }
        int u = t.indexOf(USER);
        if (!t.startsWith(ASSISTANT) && !t.startsWith(USER) || u < 0) {
            return new Reflection(null, t.strip());
        }
        String assistant = t.startsWith(ASSISTANT) ? t.substring(ASSISTANT.length(), u).strip() : null;
        return new Reflection(assistant, t.substring(u + USER.length()).strip());
    }

    /** The file form. */
    public String render() {
        return (assistant == null ? "" : ASSISTANT + assistant.strip() + "\n") + USER + feedback.strip() + "\n";
    }
}
