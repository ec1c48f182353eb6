package dev.arbiter.core;

/**
 * The closed set of outcomes of scoring one sample. Every result carries exactly one.
 * Only {@link #OK} results carry a meaningful score; the others carry {@code 0.0} and a reason.
 */
public enum Status {
    /** The reward was computed; the score is meaningful. */
    OK("ok"),
    /** The sample cannot be scored as given (missing field, wrong type, unparseable reference). */
    INVALID_INPUT("invalid_input"),
    /** The sample's time budget ran out before the reward was computed. */
    TIMEOUT("timeout"),
    /** The reward failed for a reason that is not the sample's fault (a bug, an unreachable service). */
    ERROR("error");

    private final String wireName;

    Status(String wireName) {
        this.wireName = wireName;
    }

    /** The name used in JSON output and on the wire: {@code ok}, {@code invalid_input}, {@code timeout}, {@code error}. */
    public String wireName() {
        return wireName;
    }

    public boolean isOk() {
        return this == OK;
    }

    public static Status fromWireName(String name) {
        for (Status s : values()) {
            if (s.wireName.equals(name)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown status '" + name + "'");
    }
}
