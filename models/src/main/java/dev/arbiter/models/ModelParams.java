package dev.arbiter.models;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arbiter.core.spec.Param;
import dev.arbiter.core.spec.ParamKind;
import dev.arbiter.core.spec.Params;
import dev.arbiter.core.spec.SpecException;
import dev.arbiter.models.onnx.OnnxCausalLm;
import dev.arbiter.models.onnx.OnnxModels;
import dev.arbiter.models.remote.EndpointConfig;
import dev.arbiter.models.remote.OpenAiChat;
import dev.arbiter.models.remote.OpenAiCompletionLogProbs;
import dev.arbiter.models.remote.RemoteClient;
import dev.arbiter.models.remote.Secret;

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
