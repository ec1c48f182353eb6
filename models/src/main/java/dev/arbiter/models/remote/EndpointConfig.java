package dev.arbiter.models.remote;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.URI;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a remote model lives and how hard to try: the {@code endpoint} map of a model-backed reward's spec.
 *
 * <pre>
 * endpoint:
 *   base_url: http://127.0.0.1:8000/v1     # or base_url_env: JUDGE_URL
 *   model: Qwen/Qwen2.5-7B-Instruct         # or model_env: JUDGE_MODEL
 *   api_key_env: OPENAI_API_KEY             # or api_key_file: /run/secrets/key; neither = no Authorization header
 *   timeout: 60s                            # per attempt, and never past the sample's deadline
 *   max_concurrency: 16                     # requests in flight from this reward
 *   max_attempts: 4                         # 429, 5xx, connection errors and timeouts are retried
 *   backoff: 500ms                          # first retry delay; doubles, with jitter, up to max_backoff
 *   max_backoff: 30s
 *   breaker_failures: 5                     # failed attempts in a row that open the circuit
 *   breaker_cooldown: 30s
 *   cache_size: 10000                       # answers kept by request content; 0 disables
 * </pre>
 *
 * The key's value never appears here: only the variable's name or the file's path.
 */
public record EndpointConfig(URI baseUrl, String model, String apiKeyEnv, String apiKeyFile, Duration timeout,
                             Duration connectTimeout, int maxConcurrency, int maxAttempts, Duration backoff,
                             Duration maxBackoff, int breakerFailures, Duration breakerCooldown, int cacheSize) {

    public static final List<String> KEYS = List.of("base_url", "base_url_env", "model", "model_env", "api_key_env",
            "api_key_file", "timeout", "connect_timeout", "max_concurrency", "max_attempts", "backoff", "max_backoff",
            "breaker_failures", "breaker_cooldown", "cache_size");
    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m)?");

    public EndpointConfig {
        if (maxConcurrency < 1) {
            throw new IllegalArgumentException("max_concurrency (" + maxConcurrency + ") must be at least 1");
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("max_attempts (" + maxAttempts + ") must be at least 1");
        }
        if (cacheSize < 0) {
            throw new IllegalArgumentException("cache_size (" + cacheSize + ") must not be negative");
        }
    }

    /** A config with the defaults above for everything but the URL and model. */
    public static EndpointConfig of(String baseUrl, String model) {
        return new EndpointConfig(uri(baseUrl), model, null, null, Duration.ofSeconds(60), Duration.ofSeconds(10), 16, 4,
                Duration.ofMillis(500), Duration.ofSeconds(30), 5, Duration.ofSeconds(30), 10_000);
    }

    /**
     * Reads the {@code endpoint} map; {@code env} resolves {@code *_env} keys (normally {@code System::getenv}).
     *
     * @throws IllegalArgumentException naming the key at fault
     */
    public static EndpointConfig fromJson(JsonNode n, Function<String, String> env) {
        if (n == null || !n.isObject()) {
            throw new IllegalArgumentException("endpoint must be a map with at least base_url (or base_url_env)");
        }
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!KEYS.contains(k)) {
                throw new IllegalArgumentException("unknown endpoint key '" + k + "'; known keys: " + String.join(", ", KEYS));
            }
        }
        String base = fromEnvOrValue(n, "base_url", env);
        if (base == null) {
            throw new IllegalArgumentException("endpoint needs base_url or base_url_env");
        }
        String model = fromEnvOrValue(n, "model", env);
        EndpointConfig d = of(base, model);
        return new EndpointConfig(uri(base), model, text(n, "api_key_env"), text(n, "api_key_file"),
                duration(n, "timeout", d.timeout), duration(n, "connect_timeout", d.connectTimeout),
                integer(n, "max_concurrency", d.maxConcurrency), integer(n, "max_attempts", d.maxAttempts),
                duration(n, "backoff", d.backoff), duration(n, "max_backoff", d.maxBackoff),
                integer(n, "breaker_failures", d.breakerFailures), duration(n, "breaker_cooldown", d.breakerCooldown),
                integer(n, "cache_size", d.cacheSize));
    }

    /** Resolves the key this config names. */
    public Secret secret(Function<String, String> env) {
        return Secret.resolve(apiKeyEnv, apiKeyFile, env);
    }

    /** {@code base_url} joined with {@code path} ({@code /chat/completions}, {@code /classify}, …). */
    public URI resolve(String path) {
        String b = baseUrl.toString();
        while (b.endsWith("/")) {
            b = b.substring(0, b.length() - 1);
        }
        return URI.create(b + (path.startsWith("/") ? path : "/" + path));
    }

    private static URI uri(String s) {
        try {
            URI u = URI.create(s.strip());
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || u.getHost() == null) {
                throw new IllegalArgumentException("base_url must be an http(s) URL, got " + s);
            }
            return u;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("base_url must be an http(s) URL, got " + s, e);
        }
    }

    private static String fromEnvOrValue(JsonNode n, String key, Function<String, String> env) {
        String direct = text(n, key);
        String envName = text(n, key + "_env");
        if (direct != null && envName != null) {
            throw new IllegalArgumentException("give " + key + " or " + key + "_env, not both");
        }
        if (envName != null) {
            String v = env.apply(envName);
            if (v == null || v.isBlank()) {
                throw new IllegalArgumentException("environment variable " + envName + " (" + key + "_env) is not set");
            }
            return v.strip();
        }
        return direct;
    }

    private static String text(JsonNode n, String key) {
        JsonNode v = n.get(key);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual() || v.asText().isBlank()) {
            throw new IllegalArgumentException("endpoint." + key + " must be a non-empty string");
        }
        return v.asText();
    }

    private static int integer(JsonNode n, String key, int dflt) {
        JsonNode v = n.get(key);
        if (v == null || v.isNull()) {
            return dflt;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            throw new IllegalArgumentException("endpoint." + key + " must be an integer, got " + v);
        }
        return v.asInt();
    }

    static Duration duration(JsonNode n, String key, Duration dflt) {
        JsonNode v = n.get(key);
        if (v == null || v.isNull()) {
            return dflt;
        }
        if (v.isNumber() && v.asDouble() >= 0) {
            return Duration.ofNanos((long) (v.asDouble() * 1e6));
        }
        if (v.isTextual()) {
            Matcher m = DURATION.matcher(v.asText().strip());
            if (m.matches()) {
                double x = Double.parseDouble(m.group(1));
                String unit = m.group(2) == null ? "ms" : m.group(2);
                double nanos = switch (unit) {
                    case "ms" -> x * 1e6;
                    case "s" -> x * 1e9;
                    default -> x * 60e9;
                };
                return Duration.ofNanos((long) nanos);
            }
        }
        throw new IllegalArgumentException("endpoint." + key + " must be a duration such as 500ms, 2s or 1m, got " + v);
    }
}
