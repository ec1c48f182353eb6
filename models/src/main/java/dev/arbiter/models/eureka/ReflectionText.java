package dev.arbiter.models.eureka;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes the reward-reflection feedback of one candidate from its training record, with the structure of Eureka's:
 * for a run that executed, a header naming the sampling stride, one line per logged series (the task score, then each
 * component: values every stride steps, max, mean, min), the correlation with the ground-truth reward when known,
 * then advice on reading them; for a failed candidate, its error. Both end with the output tip. The wording is in
 * {@code dev/arbiter/models/prompts/eureka_reflection.md} (sections {@code <<<trained>>>}, {@code <<<advice>>>},
 * {@code <<<failed>>>}, {@code <<<output_tip>>>}), overridable with a file.
 */
public final class ReflectionText {
    public static final String BUILT_IN = "eureka_reflection";
    static final List<String> SECTIONS = List.of("trained", "advice", "failed", "output_tip");
    private static final Pattern HEADER = Pattern.compile("(?m)^<<<([a-z_]+)>>>\\n");

    private final Map<String, String> sections;

    private ReflectionText(Map<String, String> sections) {
        this.sections = sections;
    }

    /** The built-in wording. */
    public static ReflectionText builtIn() {
        try (InputStream in = ReflectionText.class.getResourceAsStream("/dev/arbiter/models/prompts/" + BUILT_IN + ".md")) {
            if (in == null) {
                throw new IllegalStateException("the built-in prompt " + BUILT_IN + " is missing from the class path");
            }
            return parse(BUILT_IN, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the built-in prompt " + BUILT_IN, e);
        }
    }

    /** Wording from a file with the four sections. */
    public static ReflectionText load(Path file) throws IOException {
        return parse(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
    }

    static ReflectionText parse(String name, String text) {
        text = text.replace("\r\n", "\n");
        Map<String, String> out = new LinkedHashMap<>();
        Matcher m = HEADER.matcher(text);
        String current = null;
        int start = 0;
        while (m.find()) {
            if (current != null) {
                out.put(current, text.substring(start, m.start()).strip());
            }
            current = m.group(1);
            start = m.end();
        }
        if (current != null) {
            out.put(current, text.substring(start).strip());
        }
        for (String s : SECTIONS) {
            if (!out.containsKey(s)) {
                throw new IllegalArgumentException("reflection prompt " + name + " lacks the section <<<" + s + ">>>");
            }
        }
        if (!out.get("trained").contains("{{stride}}") || !out.get("failed").contains("{{error}}")) {
            throw new IllegalArgumentException("reflection prompt " + name
                    + " needs {{stride}} in <<<trained>>> and {{error}} in <<<failed>>>");
        }
        return new ReflectionText(Map.copyOf(out));
    }

    /** The output tip alone (also used when the feedback is an error). */
    public String outputTip() {
        return sections.get("output_tip");
    }

    /**
     * The feedback on one candidate. For an executed run: the header, the series lines, the correlation line when
     * known, the advice and the output tip; for a failed one: the error and the output tip.
     */
    public String feedback(RunLog run) {
        if (!run.executed()) {
            return failure(run.error());
        }
        StringBuilder sb = new StringBuilder();
        int n = run.fitness().length > 1 ? run.fitness().length : 0;
        if (n == 0) {
            for (double[] c : run.components().values()) {
                n = Math.max(n, c.length);
            }
        }
        int stride = SeriesStats.stride(Math.max(n, 1));
        sb.append(sections.get("trained").replace("{{stride}}", Integer.toString(stride))).append('\n');
        sb.append(SeriesStats.of("task_score", run.fitness(), stride).line()).append('\n');
        for (Map.Entry<String, double[]> e : run.components().entrySet()) {
            sb.append(componentLine(e.getKey(), e.getValue(), stride)).append('\n');
        }
        OptionalDouble r = run.correlation();
        if (r.isPresent()) {
            sb.append("correlation of this spec's reward with the ground-truth reward: ")
                    .append(SeriesStats.fmt(r.getAsDouble())).append('\n');
        }
        sb.append('\n').append(sections.get("advice")).append("\n\n").append(outputTip()).append('\n');
        return sb.toString();
    }

    /** The feedback on a candidate that could not be built or trained. */
    public String failure(String error) {
        String e = error == null || error.isBlank() ? "unknown error" : error.strip();
        return sections.get("failed").replace("{{error}}", e) + "\n\n" + outputTip() + "\n";
    }

    private static String componentLine(String name, double[] values, int stride) {
        if (values.length == 0) {
            return name + ": no values logged";
        }
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                return name + ": not finite at logged step " + i;
            }
        }
        return SeriesStats.of(name, values, stride).line();
    }
}
