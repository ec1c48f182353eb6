package dev.arbiter.core;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The printable identity of a resolved reward, in the spirit of sacreBLEU's signature: the type, its behaviour
 * version, and every parameter with its effective value (defaults included), nested for composite rewards.
 * Two rewards with the same signature give the same results. The text form is stable: parameters appear in
 * declaration order and values are printed canonically.
 *
 * @param type    the registered type name
 * @param version bumped whenever the type's behaviour changes
 * @param params  parameter name → value: String, Number, Boolean, a nested RewardSignature, or a List/Map of those
 */
public record RewardSignature(String type, int version, Map<String, Object> params) {
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_.:/*+\\-]+");

    public RewardSignature {
        Objects.requireNonNull(type, "type");
        params = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }

    public static RewardSignature of(String type, int version) {
        return new RewardSignature(type, version, Map.of());
    }

    /** The canonical text, for example {@code exact_match@1(normalize=squad,extract=none)}. */
    public String text() {
        StringBuilder sb = new StringBuilder();
        append(sb, this);
        return sb.toString();
    }

    /** The first 12 hex digits of the SHA-256 of {@link #text()}: a short id to put beside every scored row. */
    public String id() {
        return shortHash(text());
    }

    @Override
    public String toString() {
        return text();
    }

    public static String shortHash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void append(StringBuilder sb, RewardSignature sig) {
        sb.append(sig.type).append('@').append(sig.version);
        if (sig.params.isEmpty()) {
            return;
        }
        sb.append('(');
        boolean first = true;
        for (Map.Entry<String, Object> e : sig.params.entrySet()) {
            if (!first) {
                sb.append(',');
            }
            first = false;
            sb.append(e.getKey()).append('=');
            appendValue(sb, e.getValue());
        }
        sb.append(')');
    }

    private static void appendValue(StringBuilder sb, Object v) {
        if (v == null) {
            sb.append("none");
        } else if (v instanceof RewardSignature s) {
            append(sb, s);
        } else if (v instanceof Boolean b) {
            sb.append(b ? "yes" : "no");
        } else if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            sb.append(formatNumber(d));
        } else if (v instanceof Number n) {
            sb.append(n);
        } else if (v instanceof Map<?, ?> m) {
            sb.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!first) {
                    sb.append(',');
                }
                first = false;
                appendString(sb, String.valueOf(e.getKey()));
                sb.append(':');
                appendValue(sb, e.getValue());
            }
            sb.append('}');
        } else if (v instanceof Collection<?> c) {
            sb.append('[');
            boolean first = true;
            for (Object o : c) {
                if (!first) {
                    sb.append(',');
                }
                first = false;
                appendValue(sb, o);
            }
            sb.append(']');
        } else {
            appendString(sb, v.toString());
        }
    }

    /** Numbers print without a trailing {@code .0} and without exponent noise: 1, 0.5, 1e-9 → 0.000000001. */
    static String formatNumber(double d) {
        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            return Long.toString((long) d);
        }
        return new BigDecimal(Double.toString(d)).stripTrailingZeros().toPlainString();
    }

    private static void appendString(StringBuilder sb, String s) {
        if (PLAIN.matcher(s).matches()) {
            sb.append(s);
            return;
        }
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                case '\r' -> sb.append("\\r");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }

    /** Convenience for rewards built in code: a signature from alternating key/value pairs. */
    public static RewardSignature of(String type, int version, Object... keyValues) {
        if (keyValues.length % 2 != 0) {
            throw new IllegalArgumentException("keyValues must come in pairs");
        }
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put((String) keyValues[i], keyValues[i + 1]);
        }
        return new RewardSignature(type, version, m);
    }
}
