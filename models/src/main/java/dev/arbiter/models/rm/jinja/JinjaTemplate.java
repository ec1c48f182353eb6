package dev.arbiter.models.rm.jinja;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A parsed Jinja template, rendered as Hugging Face's {@code apply_chat_template} renders chat templates: jinja2's
 * {@code ImmutableSandboxedEnvironment(trim_blocks=True, lstrip_blocks=True)} with the loop-controls extension, the
 * globals {@code raise_exception} and {@code strftime_now}, and a {@code tojson} that is Python's {@code json.dumps}
 * ({@code ensure_ascii=False}, keys in insertion order, optional {@code indent}). Values behave as in Python
 * (truthiness, {@code str()} and {@code repr()}, integer vs float arithmetic, code-point strings, str/dict methods);
 * an undefined name renders empty, is falsy and iterates as empty, while attribute access, calls and arithmetic on it
 * fail, as with jinja2's default Undefined.
 *
 * <p>Immutable and thread-safe: each {@link #render} runs on its own state. A render is bounded by {@link Limits}
 * (steps, output size, macro depth), so a hostile template fails with {@link JinjaException.Kind#LIMIT} instead of
 * hanging or exhausting memory. No template feature reads files, the network or the environment; the only outside
 * input is the clock {@code strftime_now} reads.
 */
public final class JinjaTemplate {

    /**
     * Bounds of one render: evaluation steps (statements, expressions, loop iterations and items processed), the
     * length of the output and of any string or list built, and the depth of nested macro calls.
     */
    public record Limits(long maxSteps, long maxOutputChars, int maxDepth) {
        public static final Limits DEFAULT = new Limits(5_000_000, 16 << 20, 64);

        public Limits {
            if (maxSteps < 1 || maxOutputChars < 1 || maxDepth < 1) {
                throw new IllegalArgumentException("limits must be positive");
            }
        }
    }

    private final String source;
    private final List<Node> body;

    private JinjaTemplate(String source, List<Node> body) {
        this.source = source;
        this.body = body;
    }

    /** Parses a template; a syntax error, an unknown tag, filter or test is a {@link JinjaException} (SYNTAX). */
    public static JinjaTemplate parse(String source) {
        Objects.requireNonNull(source, "source");
        try {
            return new JinjaTemplate(source, Parser.parse(source));
        } catch (StackOverflowError e) {
            throw JinjaException.syntax(0, "the template nests too deeply");
        }
    }

    public String source() {
        return source;
    }

    /** Renders with the default limits and the system clock. */
    public String render(Map<String, ?> variables) {
        return render(variables, Limits.DEFAULT, Clock.systemDefaultZone());
    }

    /**
     * Renders with {@code variables} (Java maps, lists, strings, numbers, booleans and nulls, converted deeply to
     * Python values). {@code clock} is what {@code strftime_now} reads (local date-time of its zone).
     *
     * @throws JinjaException a RENDER error (as jinja2 would raise, including {@code raise_exception}) or a LIMIT
     */
    public String render(Map<String, ?> variables, Limits limits, Clock clock) {
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(clock, "clock");
        @SuppressWarnings("unchecked")
        Map<String, Object> vars = (Map<String, Object>) variables;
        return new Interpreter(limits, clock).render(body, vars);
    }
}
