package dev.arbiter.models;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arbiter.core.spec.Param;
import dev.arbiter.core.spec.ParamKind;
import dev.arbiter.core.spec.Params;
import dev.arbiter.core.spec.SpecException;
import dev.arbiter.models.onnx.HfModelDir;
import dev.arbiter.models.onnx.OnnxCausalLm;
import dev.arbiter.models.onnx.OnnxModels;
import dev.arbiter.models.remote.EndpointConfig;
import dev.arbiter.models.remote.OpenAiChat;
import dev.arbiter.models.remote.OpenAiCompletionLogProbs;
import dev.arbiter.models.remote.RemoteClient;
import dev.arbiter.models.remote.Secret;
import dev.arbiter.models.rm.ChatTemplate;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * The parameters model-backed rewards share, and how a spec's values become ports. Environment variables are read
 * through {@link #ENV}, so nothing here reads the process environment behind the caller's back.
 */
public final class ModelParams {
    /** Where {@code *_env} keys are looked up. */
    public static final Function<String, String> ENV = System::getenv;

    private ModelParams() {
    }

    /** {@code tokenizer_dir}: a served model's Hugging Face files, for rendering its own chat template. */
    public static Param tokenizerDir() {
        return Param.optional("tokenizer_dir", ParamKind.STRING, null,
                "the model's Hugging Face files (tokenizer_config.json or chat_template.jinja; no weights) for "
                        + "template jinja or auto");
    }

    /**
     * The chat template a spec names in {@code template}, rendered client-side: a family rendered in Java, or with
     * {@code tokenizer_dir} {@code jinja} / {@code auto}, the model's own template as Hugging Face renders it; null
     * for {@code none} (raw text, where the type offers it).
     */
    public static ChatTemplate chatTemplate(Params p) {
        String name = p.string("template");
        if (name.equals("none")) {
            return null;
        }
        boolean own = name.equals("auto") || name.equals("jinja");
        if (!p.isSet("tokenizer_dir")) {
            if (own) {
                throw p.error("template", "template " + name + " reads the model's chat template: give tokenizer_dir "
                        + "(its tokenizer_config.json), or name a family");
            }
            return ChatTemplate.of(ChatTemplate.Family.valueOf(name.toUpperCase(java.util.Locale.ROOT)));
        }
        Path dir = Path.of(p.string("tokenizer_dir"));
        if (!java.nio.file.Files.isDirectory(dir)) {
            throw p.error("tokenizer_dir", "tokenizer_dir " + dir + " does not exist");
        }
        try {
            ChatTemplate requested = name.equals("auto") ? null
                    : ChatTemplate.of(ChatTemplate.Family.valueOf(name.toUpperCase(java.util.Locale.ROOT)));
            return ChatTemplate.forModel(requested, HfModelDir.chatTemplate(dir), HfModelDir.specialTokens(dir));
        } catch (IOException | IllegalArgumentException e) {
            throw p.error("tokenizer_dir", e.getMessage());
        }
    }

    public static Param endpoint(String name, String what) {
        return Param.required(name, ParamKind.JSON, what + ": {base_url, model, api_key_env | api_key_file, timeout, "
                + "max_concurrency, max_attempts, backoff, max_backoff, breaker_failures, breaker_cooldown, cache_size}");
    }

    public static Param optionalEndpoint(String name, String what) {
        return Param.optional(name, ParamKind.JSON, null, what + " (an endpoint map; see the module README)");
    }

    /** A client for the endpoint map in parameter {@code name}. */
    public static RemoteClient client(Params p, String name) {
        JsonNode n = p.json(name);
        try {
            EndpointConfig cfg = EndpointConfig.fromJson(n, ENV);
            Secret secret = cfg.secret(ENV);
            return RemoteClient.create(cfg, secret);
        } catch (IllegalArgumentException e) {
            throw p.error(name, name + ": " + e.getMessage());
        }
    }

    public static Judge judge(Params p, String name) {
        return new OpenAiChat(client(p, name));
    }

    /**
     * A log-probability source: an OpenAI-compatible completions endpoint in {@code endpointParam}, or a local ONNX
     * causal LM directory in {@code dirParam}; exactly one must be given.
     */
    public static LogProbProvider logProbs(Params p, String endpointParam, String dirParam) {
        boolean e = p.isSet(endpointParam);
        boolean d = p.isSet(dirParam);
        if (e == d) {
            throw p.error(e ? dirParam : endpointParam, "give exactly one of '" + endpointParam + "' (an OpenAI-compatible "
                    + "completions endpoint) and '" + dirParam + "' (a local ONNX causal LM directory)");
        }
        if (e) {
            return new OpenAiCompletionLogProbs(client(p, endpointParam));
        }
        try {
            return OnnxModels.of(p.resources()).causalLm(Path.of(p.string(dirParam)), OnnxCausalLm.Options.defaults());
        } catch (IOException ex) {
            throw p.error(dirParam, ex.getMessage());
        }
    }

    public static SpecException error(Params p, String param, String message) {
        return p.error(param, message);
    }
}
