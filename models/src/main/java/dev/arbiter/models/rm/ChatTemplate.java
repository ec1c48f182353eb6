package dev.arbiter.models.rm;

import dev.arbiter.core.Prompt;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders a conversation the way a reward model's chat template does, for the template families that reward models
 * actually ship, without a Jinja engine. {@link #detect} reads the Jinja source from {@code tokenizer_config.json} and
 * picks the family from its marker tokens; the family can also be named in the spec.
 *
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
 * </table>
 * No generation prompt is added: the response is the last message, as reward models are scored.
 */
public record ChatTemplate(Family family, String defaultSystem, boolean llama31Preamble) {

    /** The supported template families. */
    public enum Family {
        CHATML, QWEN3, LLAMA3, GEMMA, PLAIN;

        public String specName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private static final Pattern DEFAULT_SYSTEM = Pattern.compile("'(You are [^'\\\\]{3,300})'");
    private static final String LLAMA31_PREAMBLE = "Cutting Knowledge Date: December 2023\nToday Date: 26 Jul 2024\n\n";

    public static ChatTemplate of(Family family) {
        return new ChatTemplate(family, null, false);
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

    public String render(List<Prompt.Message> messages) {
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
        String header = switch (family) {
            case CHATML, QWEN3 -> "<|im_start|>assistant\n";
            case LLAMA3 -> "<|start_header_id|>assistant<|end_header_id|>\n\n";
            case GEMMA -> "<start_of_turn>model\n";
            default -> "assistant: ";
        };
        return render(messages) + header;
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

    /** The spec-facing description, e.g. {@code chatml} or {@code chatml+default_system}. */
    public String describe() {
        return family.specName() + (defaultSystem != null ? "+default_system" : "") + (llama31Preamble ? "+3.1_preamble" : "");
    }
}
