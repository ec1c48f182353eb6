package dev.arbiter.core.spec;

/** The closed set of value types a reward parameter can take in a spec file. */
public enum ParamKind {
    STRING("string"),
    /** One of a fixed set of strings, listed in {@link Param#choices()}. */
    CHOICE("choice"),
    INT("integer"),
    DOUBLE("number"),
    BOOL("boolean"),
    /** A duration: a number of milliseconds, or a string such as {@code 500ms}, {@code 2s}, {@code 1m}. */
    DURATION("duration"),
    STRING_LIST("list of strings"),
    DOUBLE_LIST("list of numbers"),
    /** A map from names to numbers. */
    DOUBLE_MAP("map of numbers"),
    /** Any JSON value, passed through. */
    JSON("json"),
    /** A nested reward spec. */
    SPEC("reward spec"),
    /** A list of nested reward specs. */
    SPEC_LIST("list of reward specs"),
    /** A map from names to nested reward specs. */
    SPEC_MAP("map of reward specs");

    private final String description;

    ParamKind(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }

    public boolean isSpec() {
        return this == SPEC || this == SPEC_LIST || this == SPEC_MAP;
    }
}
