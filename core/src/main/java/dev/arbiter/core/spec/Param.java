package dev.arbiter.core.spec;

import java.util.List;
import java.util.Objects;

/**
 * One declared parameter of a reward type.
 *
 * @param name         the key in a spec file (snake_case)
 * @param kind         the value type
 * @param defaultValue the value when the key is absent; {@code null} for required parameters or "no value"
 * @param required     whether the key must be present
 * @param choices      the allowed values for {@link ParamKind#CHOICE}; empty otherwise
 * @param description  one line for {@code arbiter rewards}
 */
public record Param(String name, ParamKind kind, Object defaultValue, boolean required, List<String> choices,
                    String description) {

    public Param {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        choices = List.copyOf(choices);
        if (kind == ParamKind.CHOICE && choices.isEmpty()) {
            throw new IllegalArgumentException("choice parameter '" + name + "' needs choices");
        }
        if (kind == ParamKind.CHOICE && defaultValue != null && !choices.contains(defaultValue)) {
            throw new IllegalArgumentException("default of '" + name + "' (" + defaultValue + ") is not one of " + choices);
        }
    }

    public static Param optional(String name, ParamKind kind, Object defaultValue, String description) {
        return new Param(name, kind, defaultValue, false, List.of(), description);
    }

    public static Param required(String name, ParamKind kind, String description) {
        return new Param(name, kind, null, true, List.of(), description);
    }

    public static Param choice(String name, String defaultValue, List<String> choices, String description) {
        return new Param(name, ParamKind.CHOICE, defaultValue, false, choices, description);
    }

    /** The type as shown to users, for example {@code choice (squad|none)}. */
    public String typeLabel() {
        return kind == ParamKind.CHOICE ? "one of " + String.join("|", choices) : kind.description();
    }
}
