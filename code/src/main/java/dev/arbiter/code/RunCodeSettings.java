package dev.arbiter.code;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.arbiter.code.sandbox.Limits;
import dev.arbiter.code.sandbox.SandboxConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;

/**
 * Settings of the {@code /run_code} endpoint.
 *
 * <p>Read from the YAML or JSON file named by the system property {@code arbiter.code.config} or the environment
 * variable {@code ARBITER_CODE_CONFIG}, when set; every key is optional:
 * <pre>
 * pool_size: 2              # sandboxes at once (default: cores)
 * max_queued: 16            # requests waiting for a slot; more get 504 at once (default: 8 per slot)
 * max_queue_wait_ms: 5000   # longest wait for a slot before 504 (default 5 s, below verl's 10 s client slack)
 * default_memory_limit_mb: 1024   # when the request says -1
 * max_memory_limit_mb: 4096
 * max_timeout_s: 60         # compile_timeout and run_timeout are capped to this
 * max_output_bytes: 8388608 # stdout cap (stderr gets the same); more is truncated and the run stopped
 * state_dir: /dev/shm/arbiter-sandbox-0   (default: /dev/shm/arbiter-sandbox-<uid>)
 * languages: {...}          # language table overrides, see LanguageTable
 * </pre>
 *
 * @param sandbox              the pool
 * @param languages            the language table
 * @param defaultMemoryMb      memory when the request gives none or -1
 * @param maxMemoryMb          the largest memory a request may ask for
 * @param maxTimeout           the largest compile or run timeout a request may ask for
 * @param outputCapBytes       cap of standard output and of standard error
 */
public record RunCodeSettings(SandboxConfig sandbox, LanguageTable languages, int defaultMemoryMb, int maxMemoryMb,
                              Duration maxTimeout, long outputCapBytes) {
    public static final String PROPERTY = "arbiter.code.config";
    public static final String ENV = "ARBITER_CODE_CONFIG";

    public RunCodeSettings {
        Objects.requireNonNull(sandbox, "sandbox");
        Objects.requireNonNull(languages, "languages");
        Objects.requireNonNull(maxTimeout, "maxTimeout");
        if (defaultMemoryMb < 16 || maxMemoryMb < defaultMemoryMb || outputCapBytes < 1) {
            throw new IllegalArgumentException("bad /run_code settings: memory " + defaultMemoryMb + "/" + maxMemoryMb
                    + " MiB, output cap " + outputCapBytes);
        }
    }

    /** Defaults: a slot per core, 5 s of queueing, 1 GiB by default and 4 GiB at most, 60 s at most, 8 MiB output. */
    public static RunCodeSettings defaults() {
        SandboxConfig d = SandboxConfig.defaults();
        return new RunCodeSettings(d.withPool(d.poolSize(), d.poolSize() * 8, Duration.ofSeconds(5)),
                LanguageTable.builtIn(), 1024, 4096, Duration.ofSeconds(60), 8 * Limits.MIB);
    }

    /** The settings from the configured file, or the defaults when none is configured. */
    public static RunCodeSettings fromEnvironment() {
        String path = System.getProperty(PROPERTY);
        if (path == null || path.isBlank()) {
            path = System.getenv(ENV);
        }
        if (path == null || path.isBlank()) {
            return defaults();
        }
        try {
            return from(new ObjectMapper(new YAMLFactory()).readTree(Files.readString(Path.of(path))));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the code settings " + path + ": " + e.getMessage(), e);
        }
    }

    /** Settings from a parsed document (see the class comment for the keys). */
    public static RunCodeSettings from(JsonNode n) {
        RunCodeSettings d = defaults();
        if (n == null || n.isNull() || n.isMissingNode()) {
            return d;
        }
        List<String> known = List.of("pool_size", "max_queued", "max_queue_wait_ms", "default_memory_limit_mb",
                "max_memory_limit_mb", "max_timeout_s", "max_output_bytes", "state_dir", "languages");
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!known.contains(k)) {
                throw new IllegalArgumentException("unknown code setting '" + k + "'; known: " + known);
            }
        }
        SandboxConfig s = d.sandbox();
        int pool = n.path("pool_size").asInt(s.poolSize());
        int queued = n.path("max_queued").asInt(pool * 8);
        Duration wait = Duration.ofMillis(n.path("max_queue_wait_ms").asLong(s.maxQueueWait().toMillis()));
        s = s.withPool(pool, queued, wait);
        if (n.hasNonNull("state_dir")) {
            s = s.withStateDir(Path.of(n.get("state_dir").asText()));
        }
        return new RunCodeSettings(s, d.languages().withOverrides(n.get("languages")),
                n.path("default_memory_limit_mb").asInt(d.defaultMemoryMb()),
                n.path("max_memory_limit_mb").asInt(d.maxMemoryMb()),
                Duration.ofMillis((long) (n.path("max_timeout_s").asDouble(d.maxTimeout().toMillis() / 1000.0) * 1000)),
                n.path("max_output_bytes").asLong(d.outputCapBytes()));
    }
}
