package dev.arbiter.models.remote;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * An API key read from an environment variable or a file. Its {@link #toString()} never shows the value, and nothing
 * in this module prints, logs or puts it into a signature, reason or detail: only the variable's name or the file's
 * path is ever shown. The value leaves the process only in the {@code Authorization} header.
 */
public final class Secret {
    private static final Secret NONE = new Secret(null, "none");
    private final String value;
    private final String origin;

    private Secret(String value, String origin) {
        this.value = value;
        this.origin = origin;
    }

    public static Secret none() {
        return NONE;
    }

    /** A key given in code (tests, embedding applications). */
    public static Secret of(String value, String origin) {
        return new Secret(Objects.requireNonNull(value, "value"), origin);
    }

    /**
     * Reads the key from {@code envName} (through {@code env}, normally {@code System::getenv}) or from {@code file};
     * at most one may be given. Neither → {@link #none()}.
     *
     * @throws IllegalArgumentException naming the variable or file, never the value, when it is unset or unreadable
     */
    public static Secret resolve(String envName, String file, Function<String, String> env) {
        if (envName != null && file != null) {
            throw new IllegalArgumentException("give api_key_env or api_key_file, not both");
        }
        if (envName != null) {
            String v = env.apply(envName);
            if (v == null || v.isBlank()) {
                throw new IllegalArgumentException("environment variable " + envName + " (api_key_env) is not set");
            }
            return new Secret(v.strip(), "env:" + envName);
        }
        if (file != null) {
            try {
                String v = Files.readString(Path.of(file), StandardCharsets.UTF_8).strip();
                if (v.isEmpty()) {
                    throw new IllegalArgumentException("api_key_file " + file + " is empty");
                }
                return new Secret(v, "file:" + file);
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read api_key_file " + file + ": " + e.getClass().getSimpleName());
            }
        }
        return NONE;
    }

    public static Secret resolve(String envName, String file) {
        return resolve(envName, file, System::getenv);
    }

    public static Secret resolve(String envName, String file, Map<String, String> env) {
        return resolve(envName, file, env::get);
    }

    public boolean isPresent() {
        return value != null;
    }

    /** The value, for the one place that sends it. */
    String reveal() {
        return value;
    }

    /** Where the key came from: {@code env:NAME}, {@code file:PATH} or {@code none}. */
    public String origin() {
        return origin;
    }

    @Override
    public String toString() {
        return value == null ? "Secret[none]" : "Secret[" + origin + ", ***]";
    }
}
