package dev.arbiter.models.rm;

import dev.arbiter.core.InvalidInputException;
import dev.arbiter.core.Prompt;
import dev.arbiter.models.rm.jinja.JinjaException;
import dev.arbiter.models.rm.jinja.JinjaTemplate;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders a conversation the way a reward model's chat template does. Two ways:
 * <ul>
 *   <li>{@code jinja}: the model's own Jinja {@code chat_template} from {@code tokenizer_config.json}, evaluated by
 *       {@link JinjaTemplate} exactly as Hugging Face's {@code apply_chat_template(messages, tokenize=False)} does
 *       (with the special tokens of tokenizer_config, {@code add_generation_prompt=False} for {@link #render} and
 *       {@code True} for {@link #renderPrompt}; messages are passed as {@code {role, content}}, so a template that
 *       splits {@code <think>} out of the content, as Qwen3's does, sees the response as the policy wrote it).</li>
 *   <li>a family rendered in Java, picked by {@link #detect} from the template's marker tokens or named in the spec:
 * <table>
 *   <caption>families</caption>
 *   <tr><th>family</th><th>marker</th><th>rendering</th></tr>
 *   <tr><td>{@code chatml}</td><td>{@code <|im_start|>}</td><td>{@code <|im_start|>role\ncontent<|im_end|>\n} per
 *       message (Qwen2/2.5, Skywork-Reward-V2-Qwen3 without thinking, InternLM2). A default system message
 *       written into the template as a string literal ({@code 'You are Qwen, …'}) is added when the conversation has
 *       none.</td></tr>
 *   <tr><td>{@code qwen3}</td><td>chatml plus {@code reasoning_content}</td><td>as chatml; the final assistant message
 *       is rendered as {@code <think>\nreasoning\n</think>\n\nanswer} (empty reasoning when the response has no
 *       {@code </think>}), as Qwen3's template does for the last turn.</td></tr>
 *   <tr><td>{@code llama3}</td><td>{@code <|start_header_id|>}</td><td>{@code <|begin_of_text|>} then
 *       {@code <|start_header_id|>role<|end_header_id|>\n\ncontent.strip()<|eot_id|>}; Llama 3.1's
 *       "Cutting Knowledge Date" system preamble when the template has it.</td></tr>
 *   <tr><td>{@code gemma}</td><td>{@code <start_of_turn>}</td><td>{@code <bos>} then
 *       {@code <start_of_turn>user|model\ncontent.strip()<end_of_turn>\n}; a system message is prefixed to the first
 *       user turn.</td></tr>
 *   <tr><td>{@code plain}</td><td>—</td><td>{@code role: content} lines; for models without a template.</td></tr>
 * </table></li>
 * </ul>
 * {@link #forModel} resolves a spec's choice against a model directory: {@code auto} (a null request) takes the Jinja
 * template when there is one that parses and renders a probe conversation, else the detected family, and says why in
 * {@link #describe}. No generation prompt is added by {@link #render}: the response is the last message, as reward
 * models are scored.
 *
 * @param jinja the model's own template (family {@code JINJA}); null for the Java families, and for an unresolved
 *              {@code jinja} request ({@code of(JINJA)}), which {@link #forModel} fills from the model directory
 * @param note  why {@code auto} did not use the model's Jinja template, or null
 */
public record ChatTemplate(Family family, String defaultSystem, boolean llama31Preamble, Jinja jinja, String note) {

    /** The supported template families; {@code JINJA} is the model's own template. */
    public enum Family {
        CHATML, QWEN3, LLAMA3, GEMMA, PLAIN, JINJA;

        public String specName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private static final Pattern DEFAULT_SYSTEM = Pattern.compile("'(You are [^'\\\\]{3,300})'");
    private static final String LLAMA31_PREAMBLE = "Cutting Knowledge Date: December 2023\nToday Date: 26 Jul 2024\n\n";

    /** The conversation every {@code auto} Jinja template must render before it is used. */
    private static final List<Prompt.Message> PROBE = List.of(new Prompt.Message("user", "Hello"),
            new Prompt.Message("assistant", "Hi"));

    /**
     * A compiled Jinja chat template with the variables Hugging Face passes besides the messages (the tokenizer's
     * special tokens), and the clock {@code strftime_now} reads.
     */
    public record Jinja(JinjaTemplate template, Map<String, Object> variables, Clock clock) {
        public Jinja {
            variables = Map.copyOf(variables);
        }

        String render(List<Prompt.Message> messages, boolean addGenerationPrompt) {
            List<Map<String, Object>> msgs = new ArrayList<>(messages.size());
            long chars = 0;
            for (Prompt.Message m : messages) {
                Map<String, Object> d = new LinkedHashMap<>();
                d.put("role", m.role());
                d.put("content", m.content());
                msgs.add(d);
                chars += m.content().length() + m.role().length();
            }
            Map<String, Object> vars = new LinkedHashMap<>(variables);
            vars.put("messages", msgs);
            vars.put("tools", null);
            vars.put("documents", null);
            vars.put("add_generation_prompt", addGenerationPrompt);
            // the output may repeat the conversation a few times (e.g. a tojson of it); more means a runaway template
            JinjaTemplate.Limits d = JinjaTemplate.Limits.DEFAULT;
            JinjaTemplate.Limits limits = new JinjaTemplate.Limits(d.maxSteps() + 64 * chars,
                    d.maxOutputChars() + 8 * chars, d.maxDepth());
            try {
                return template.render(vars, limits, clock);
            } catch (JinjaException e) {
                throw new InvalidInputException("the chat template fails on this conversation: " + e);
            }
        }
    }

    /** A compact constructor for the Java families (no Jinja template, no note). */
    public ChatTemplate(Family family, String defaultSystem, boolean llama31Preamble) {
        this(family, defaultSystem, llama31Preamble, null, null);
    }

    /**
     * A family; {@code of(JINJA)} asks for the model's own template, which {@link #forModel} supplies (rendering an
     * unresolved one fails).
     */
    public static ChatTemplate of(Family family) {
        return new ChatTemplate(family, null, false);
    }

    /**
     * The model's own Jinja template with {@code variables} (special tokens such as {@code bos_token}); the clock is
     * the system's, as {@code strftime_now} reads it in Hugging Face.
     *
     * @throws IllegalArgumentException when the template cannot be parsed
     */
    public static ChatTemplate jinja(String source, Map<String, ?> variables) {
        return jinja(source, variables, Clock.systemDefaultZone());
    }

    /** As {@link #jinja(String, Map)} with the clock {@code strftime_now} reads. */
    public static ChatTemplate jinja(String source, Map<String, ?> variables, Clock clock) {
        try {
            return new ChatTemplate(Family.JINJA, null, false,
                    new Jinja(JinjaTemplate.parse(source), new LinkedHashMap<>(variables), clock), null);
        } catch (JinjaException e) {
            throw new IllegalArgumentException("the chat template cannot be parsed: " + e, e);
        }
    }

    /**
     * The template a model scores with: {@code requested} as given, the model's own for an unresolved
     * {@code of(JINJA)}, and for {@code auto} (null) the model's Jinja template when it parses and renders a probe
     * conversation, else the family {@link #detect}ed from it (with the reason in {@link #note}), else plain.
     *
     * @param source    the model's Jinja chat template, or null
     * @param variables the special tokens from tokenizer_config ({@code bos_token}, {@code eos_token}, …)
     * @throws IllegalArgumentException for {@code jinja} when the model has no template or it cannot be parsed
     */
    public static ChatTemplate forModel(ChatTemplate requested, String source, Map<String, ?> variables) {
        boolean hasSource = source != null && !source.isBlank();
        if (requested != null && (requested.family() != Family.JINJA || requested.jinja() != null)) {
            return requested;
        }
        if (requested != null) {
            if (!hasSource) {
                throw new IllegalArgumentException("template: jinja needs the model's chat_template "
                        + "(tokenizer_config.json or chat_template.jinja); this model has none");
            }
            return jinja(source, variables);
        }
        if (!hasSource) {
            return detect(source);
        }
        String why;
        try {
            ChatTemplate t = jinja(source, variables);
            t.render(PROBE);
            return t;
        } catch (IllegalArgumentException e) {
            why = e.getMessage();
        } catch (InvalidInputException e) {
            why = "it fails on a two-turn conversation: " + e.getMessage();
        }
        ChatTemplate family = detect(source);
        return new ChatTemplate(family.family(), family.defaultSystem(), family.llama31Preamble(), null,
                "auto: the Jinja template is not used, " + why);
    }

    /**
     * The family of a Jinja chat template, from its marker tokens; {@code plain} when the source is null or has no
     * known marker.
     */
    public static ChatTemplate detect(String jinja) {
        if (jinja == null || jinja.isBlank()) {
            return of(Family.PLAIN);
        }
        if (jinja.contains("<|im_start|>")) {
            Matcher m = DEFAULT_SYSTEM.matcher(jinja);
            String sys = m.find() ? m.group(1) : null;
            return new ChatTemplate(jinja.contains("reasoning_content") ? Family.QWEN3 : Family.CHATML, sys, false);
        }
        if (jinja.contains("<|start_header_id|>")) {
            return new ChatTemplate(Family.LLAMA3, null, jinja.contains("Cutting Knowledge Date"));
        }
        if (jinja.contains("<start_of_turn>")) {
            return of(Family.GEMMA);
        }
        return of(Family.PLAIN);
    }

    /** The conversation a reward model scores: the prompt's messages, then the response as the assistant's turn. */
    public static List<Prompt.Message> conversation(Prompt prompt, String response) {
        List<Prompt.Message> out = new ArrayList<>();
        if (prompt instanceof Prompt.Chat c) {
            out.addAll(c.messages());
        } else if (!prompt.asText().isEmpty()) {
            out.add(new Prompt.Message("user", prompt.asText()));
        }
        out.add(new Prompt.Message("assistant", response));
        return out;
    }

    /**
     * The conversation as the model sees it (no generation prompt).
     *
     * @throws InvalidInputException when the model's Jinja template refuses the conversation ({@code raise_exception},
     *                               or anything jinja2 would fail on) or runs past its limits
     */
    public String render(List<Prompt.Message> messages) {
        if (family == Family.JINJA) {
            return requireJinja().render(messages, false);
        }
        StringBuilder sb = new StringBuilder();
        switch (family) {
            case CHATML, QWEN3 -> {
                boolean hasSystem = !messages.isEmpty() && messages.get(0).role().equals("system");
                if (!hasSystem && defaultSystem != null) {
                    sb.append("<|im_start|>system\n").append(defaultSystem).append("<|im_end|>\n");
                }
                for (int i = 0; i < messages.size(); i++) {
                    Prompt.Message m = messages.get(i);
                    String content = m.content();
                    if (family == Family.QWEN3 && m.role().equals("assistant") && i == messages.size() - 1) {
                        content = qwen3Final(content);
                    }
                    sb.append("<|im_start|>").append(m.role()).append('\n').append(content).append("<|im_end|>\n");
                }
            }
            case LLAMA3 -> {
                sb.append("<|begin_of_text|>");
                int start = 0;
                String system = null;
                if (!messages.isEmpty() && messages.get(0).role().equals("system")) {
                    system = messages.get(0).content().strip();
                    start = 1;
                }
                if (llama31Preamble || system != null) {
                    sb.append("<|start_header_id|>system<|end_header_id|>\n\n");
                    if (llama31Preamble) {
                        sb.append(LLAMA31_PREAMBLE);
                    }
                    sb.append(system == null ? "" : system).append("<|eot_id|>");
                }
                for (int i = start; i < messages.size(); i++) {
                    Prompt.Message m = messages.get(i);
                    sb.append("<|start_header_id|>").append(m.role()).append("<|end_header_id|>\n\n")
                            .append(m.content().strip()).append("<|eot_id|>");
                }
            }
            case GEMMA -> {
                sb.append("<bos>");
                String pendingSystem = null;
                for (Prompt.Message m : messages) {
                    if (m.role().equals("system")) {
                        pendingSystem = m.content().strip();
                        continue;
                    }
                    String role = m.role().equals("assistant") ? "model" : m.role();
                    String content = m.content().strip();
                    if (pendingSystem != null && role.equals("user")) {
                        content = pendingSystem + "\n\n" + content;
                        pendingSystem = null;
                    }
                    sb.append("<start_of_turn>").append(role).append('\n').append(content).append("<end_of_turn>\n");
                }
            }
            default -> {
                for (Prompt.Message m : messages) {
                    sb.append(m.role()).append(": ").append(m.content()).append('\n');
                }
            }
        }
        return sb.toString();
    }

    /**
     * The prompt as a policy sees it before it answers: the messages, then the assistant's header (the generation
     * prompt), so a response's tokens can be scored as a continuation.
     */
    public String renderPrompt(List<Prompt.Message> messages) {
        if (family == Family.JINJA) {
            return requireJinja().render(messages, true);
        }
        String header = switch (family) {
            case CHATML, QWEN3 -> "<|im_start|>assistant\n";
            case LLAMA3 -> "<|start_header_id|>assistant<|end_header_id|>\n\n";
            case GEMMA -> "<start_of_turn>model\n";
            default -> "assistant: ";
        };
        return render(messages) + header;
    }

    private Jinja requireJinja() {
        if (jinja == null) {
            throw new IllegalStateException("template jinja is not resolved against a model directory "
                    + "(ChatTemplate.forModel)");
        }
        return jinja;
    }

    private static String qwen3Final(String content) {
        int end = content.lastIndexOf("</think>");
        String reasoning = "";
        String answer = content;
        if (end >= 0) {
            String before = content.substring(0, end);
            int open = before.indexOf("<think>");
            reasoning = (open >= 0 ? before.substring(open + "<think>".length()) : before).replaceAll("^\n+|\n+$", "");
            answer = content.substring(end + "</think>".length()).replaceAll("^\n+", "");
        }
        return "<think>\n" + reasoning + "\n</think>\n\n" + answer;
    }

    /**
     * The spec-facing description, e.g. {@code jinja}, {@code chatml} or {@code chatml+default_system}; when
     * {@code auto} could not use the model's Jinja template, the reason follows in parentheses.
     */
    public String describe() {
        return family.specName() + (defaultSystem != null ? "+default_system" : "") + (llama31Preamble ? "+3.1_preamble" : "")
                + (note != null ? " (" + note + ")" : "");
    }
}
