package dev.arbiter.models.logprob;

import dev.arbiter.core.Prompt;
import dev.arbiter.core.Sample;
import dev.arbiter.core.spec.Param;
import dev.arbiter.core.spec.ParamKind;
import dev.arbiter.core.spec.Params;
import dev.arbiter.models.LogProbProvider;
import dev.arbiter.models.ModelParams;
import dev.arbiter.models.rm.ChatTemplate;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** What the log-probability rewards share: model parameters and how the scored context is written. */
final class LogProbSupport {
    /** Longer responses are refused before any model call: scoring them would take minutes and most context. */
    static final int MAX_RESPONSE_CHARS = 100_000;

    private LogProbSupport() {
    }

    static String response(Sample s) {
        String r = dev.arbiter.core.References.response(s);
        if (r.length() > MAX_RESPONSE_CHARS) {
            throw new dev.arbiter.core.InvalidInputException("the response is " + r.length() + " characters, over "
                    + MAX_RESPONSE_CHARS);
        }
        return r;
    }

    /** The pair of parameters naming one model: {@code NAME_endpoint} or {@code NAME_model_dir}. */
    static List<Param> model(String name, String what) {
        return List.of(
                ModelParams.optionalEndpoint(name + "_endpoint", what + " behind an OpenAI-compatible /completions (echo + logprobs)"),
                Param.optional(name + "_model_dir", ParamKind.STRING, null, what + " as a local ONNX causal LM directory"));
    }

    static LogProbProvider provider(Params p, String name) {
        return ModelParams.logProbs(p, name + "_endpoint", name + "_model_dir");
    }

    /** {@code template} and {@code tokenizer_dir}: how the prompt is written before the response. */
    static List<Param> template() {
        return List.of(Param.choice("template", "chatml",
                        List.of("chatml", "jinja", "auto", "qwen3", "llama3", "gemma", "plain", "none"),
                        "how the prompt is written before the response: a chat family (with the assistant header), "
                                + "the model's own template with its generation prompt (jinja, auto: need tokenizer_dir), "
                                + "or none (raw text)"),
                ModelParams.tokenizerDir());
    }

    /** The text before the response: the prompt rendered with the template family and its generation prompt. */
    static String context(Sample s, ChatTemplate template, String system) {
        List<Prompt.Message> msgs = new ArrayList<>();
        if (system != null && !system.isEmpty()) {
            msgs.add(new Prompt.Message("system", system));
        }
        if (s.prompt() instanceof Prompt.Chat c) {
            msgs.addAll(c.messages());
        } else {
            msgs.add(new Prompt.Message("user", s.prompt().asText()));
        }
        if (template == null) {
            StringBuilder sb = new StringBuilder();
            for (Prompt.Message m : msgs) {
                sb.append(m.content());
            }
            return sb.toString();
        }
        return template.renderPrompt(msgs);
    }
}
