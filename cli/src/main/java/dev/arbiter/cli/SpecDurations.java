package dev.arbiter.cli;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations on the command line: {@code 500ms}, {@code 2s}, {@code 1.5s}, {@code 1m}; a bare number is milliseconds. */
final class SpecDurations {
    private static final Pattern P = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m)?");

    private SpecDurations() {
    }

    static Duration parse(String s) {
        Matcher m = P.matcher(s.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("not a duration: '" + s + "' (expected e.g. 500ms, 2s, 1m)");
        }
        double v = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "ms" : m.group(2);
        double nanos = switch (unit) {
            case "ms" -> v * 1e6;
            case "s" -> v * 1e9;
            default -> v * 60e9;
        };
        if (nanos <= 0) {
            throw new IllegalArgumentException("the deadline must be positive, got '" + s + "'");
        }
        return Duration.ofNanos((long) nanos);
    }
}
