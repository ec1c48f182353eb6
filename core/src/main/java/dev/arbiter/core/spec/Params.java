package dev.arbiter.core.spec;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arbiter.core.Reward;
import dev.arbiter.core.RewardSignature;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The validated parameters of one spec node: every declared parameter converted to its kind (or defaulted),
 * unknown keys rejected, nested specs built. Values are read by name; the effective values make the signature.
 */
public final class Params {
    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|us)?");

    private final String type;
    private final Map<String, Object> values = new LinkedHashMap<>();
    private final Map<String, Object> signatureValues = new LinkedHashMap<>();
    private final Map<String, SpecNode> nodes = new LinkedHashMap<>();
    private final SpecNode node;
    private final SharedResources resources;

    /**
     * Validates {@code node} against the declared parameters of {@code type}; nested reward specs are built with
     * {@code registry}. Used for reward types and for any other kind of spec node with declared parameters.
     */
    public Params(TypeInfo info, SpecNode node, RewardRegistry registry, List<String> reservedKeys) {
        this.type = info.name();
        this.resources = registry.resources();
        List<Param> parameters = info.parameters();
        this.node = node;
        Map<String, Param> declared = new LinkedHashMap<>();
        for (Param p : parameters) {
            declared.put(p.name(), p);
        }
        for (Iterator<String> it = node.node().fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (key.equals("type") || reservedKeys.contains(key)) {
                continue;
            }
            if (!declared.containsKey(key)) {
                throw node.child(key).error("unknown parameter for type '" + type + "'; its parameters are: "
                        + (declared.isEmpty() ? "(none)" : String.join(", ", declared.keySet())));
            }
        }
        for (Param p : declared.values()) {
            SpecNode child = node.child(p.name());
            JsonNode raw = child.node();
            if (raw == null || raw.isNull()) {
                if (p.required()) {
                    throw node.error("type '" + type + "' requires parameter '" + p.name() + "' (" + p.typeLabel()
                            + "): " + p.description());
                }
                values.put(p.name(), p.defaultValue());
                signatureValues.put(p.name(), signatureValue(p.defaultValue()));
                continue;
            }
            nodes.put(p.name(), child);
            Object v = convert(p, child, registry);
            values.put(p.name(), v);
            signatureValues.put(p.name(), signatureValue(v));
        }
    }

    /** Resources shared by every reward built from the same registry (loaded models, pools); closed with it. */
    public SharedResources resources() {
        return resources;
    }

    /** The type these parameters belong to. */
    public String type() {
        return type;
    }

    /** The spec node these parameters were read from, for errors raised by factories. */
    public SpecException error(String param, String message) {
        SpecNode at = nodes.getOrDefault(param, node);
        return at.error(message);
    }

    public String string(String name) {
        return (String) value(name);
    }

    public int integer(String name) {
        return ((Number) value(name)).intValue();
    }

    public double number(String name) {
        return ((Number) value(name)).doubleValue();
    }

    public boolean bool(String name) {
        return (Boolean) value(name);
    }

    public Duration duration(String name) {
        return (Duration) value(name);
    }

    @SuppressWarnings("unchecked")
    public List<String> strings(String name) {
        return (List<String>) value(name);
    }

    @SuppressWarnings("unchecked")
    public List<Double> numbers(String name) {
        return (List<Double>) value(name);
    }

    @SuppressWarnings("unchecked")
    public Map<String, Double> numberMap(String name) {
        return (Map<String, Double>) value(name);
    }

    public JsonNode json(String name) {
        return (JsonNode) value(name);
    }

    public Reward reward(String name) {
        return (Reward) value(name);
    }

    @SuppressWarnings("unchecked")
    public List<Reward> rewards(String name) {
        return (List<Reward>) value(name);
    }

    @SuppressWarnings("unchecked")
    public Map<String, Reward> rewardMap(String name) {
        return (Map<String, Reward>) value(name);
    }

    public boolean isSet(String name) {
        return nodes.containsKey(name);
    }

    /** The signature of a reward made from these parameters: every parameter with its effective value. */
    public RewardSignature signature(int version) {
        return new RewardSignature(type, version, signatureValues);
    }

    private Object value(String name) {
        if (!values.containsKey(name)) {
            throw new IllegalArgumentException("type '" + type + "' declares no parameter '" + name + "'");
        }
        return values.get(name);
    }

    private static Object signatureValue(Object v) {
        if (v instanceof Reward r) {
            return r.signature();
        }
        if (v instanceof List<?> l && !l.isEmpty() && l.get(0) instanceof Reward) {
            List<Object> out = new ArrayList<>();
            for (Object o : l) {
                out.add(((Reward) o).signature());
            }
            return out;
        }
        if (v instanceof Map<?, ?> m && !m.isEmpty() && m.values().iterator().next() instanceof Reward) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, r) -> out.put((String) k, ((Reward) r).signature()));
            return out;
        }
        if (v instanceof Duration d) {
            return d.toMillis() + "ms";
        }
        if (v instanceof JsonNode j) {
            return j.toString();
        }
        return v;
    }

    private static Object convert(Param p, SpecNode at, RewardRegistry registry) {
        JsonNode n = at.node();
        switch (p.kind()) {
            case STRING -> {
                if (!n.isValueNode()) {
                    throw at.error("expected a string, got " + describe(n));
                }
                return n.asText();
            }
            case CHOICE -> {
                String s = n.isValueNode() ? n.asText() : null;
                if (s == null || !p.choices().contains(s)) {
                    throw at.error("expected one of " + String.join("|", p.choices()) + ", got " + describe(n));
                }
                return s;
            }
            case INT -> {
                if (!n.canConvertToLong() || !n.isIntegralNumber() && !(n.isNumber() && n.asDouble() == Math.rint(n.asDouble()))) {
                    throw at.error("expected an integer, got " + describe(n));
                }
                long l = n.asLong();
                if (l > Integer.MAX_VALUE || l < Integer.MIN_VALUE) {
                    throw at.error("integer " + l + " is out of range");
                }
                return (int) l;
            }
            case DOUBLE -> {
                return number(at, n);
            }
            case BOOL -> {
                if (!n.isBoolean()) {
                    throw at.error("expected true or false, got " + describe(n));
                }
                return n.asBoolean();
            }
            case DURATION -> {
                return duration(at, n);
            }
            case STRING_LIST -> {
                List<String> out = new ArrayList<>();
                if (n.isTextual()) {
                    out.add(n.asText());
                } else if (n.isArray()) {
                    for (int i = 0; i < n.size(); i++) {
                        if (!n.get(i).isValueNode() || n.get(i).isNull()) {
                            throw at.child(i).error("expected a string, got " + describe(n.get(i)));
                        }
                        out.add(n.get(i).asText());
                    }
                } else {
                    throw at.error("expected a list of strings, got " + describe(n));
                }
                return Collections.unmodifiableList(out);
            }
            case DOUBLE_LIST -> {
                if (!n.isArray()) {
                    throw at.error("expected a list of numbers, got " + describe(n));
                }
                List<Double> out = new ArrayList<>();
                for (int i = 0; i < n.size(); i++) {
                    out.add(number(at.child(i), n.get(i)));
                }
                return Collections.unmodifiableList(out);
            }
            case DOUBLE_MAP -> {
                if (!n.isObject()) {
                    throw at.error("expected a map of names to numbers, got " + describe(n));
                }
                Map<String, Double> out = new LinkedHashMap<>();
                for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
                    String k = it.next();
                    out.put(k, number(at.child(k), n.get(k)));
                }
                return Collections.unmodifiableMap(out);
            }
            case JSON -> {
                return n.deepCopy();
            }
            case SPEC -> {
                return registry.build(at);
            }
            case SPEC_LIST -> {
                if (!n.isArray() || n.isEmpty()) {
                    throw at.error("expected a non-empty list of reward specs, got " + describe(n));
                }
                List<Reward> out = new ArrayList<>();
                for (int i = 0; i < n.size(); i++) {
                    out.add(registry.build(at.child(i)));
                }
                return Collections.unmodifiableList(out);
            }
            case SPEC_MAP -> {
                if (!n.isObject() || n.isEmpty()) {
                    throw at.error("expected a non-empty map of names to reward specs, got " + describe(n));
                }
                Map<String, Reward> out = new LinkedHashMap<>();
                for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
                    String k = it.next();
                    out.put(k, registry.build(at.child(k)));
                }
                return Collections.unmodifiableMap(out);
            }
            default -> throw new IllegalStateException("unhandled kind " + p.kind());
        }
    }

    private static double number(SpecNode at, JsonNode n) {
        if (!n.isNumber()) {
            throw at.error("expected a number, got " + describe(n));
        }
        double d = n.asDouble();
        if (!Double.isFinite(d)) {
            throw at.error("expected a finite number, got " + n);
        }
        return d;
    }

    static Duration duration(SpecNode at, JsonNode n) {
        if (n.isNumber()) {
            double ms = n.asDouble();
            if (ms < 0 || !Double.isFinite(ms)) {
                throw at.error("a duration must be a non-negative number of milliseconds, got " + n);
            }
            return Duration.ofNanos((long) (ms * 1_000_000));
        }
        if (n.isTextual()) {
            Matcher m = DURATION.matcher(n.asText().strip());
            if (m.matches()) {
                double v = Double.parseDouble(m.group(1));
                String unit = m.group(2) == null ? "ms" : m.group(2);
                double nanos = switch (unit) {
                    case "us" -> v * 1e3;
                    case "ms" -> v * 1e6;
                    case "s" -> v * 1e9;
                    default -> v * 60e9;
                };
                return Duration.ofNanos((long) nanos);
            }
        }
        throw at.error("expected a duration such as 500ms, 2s or 1m, got " + describe(n));
    }

    static String describe(JsonNode n) {
        if (n == null || n.isNull()) {
            return "null";
        }
        if (n.isObject()) {
            return "a map";
        }
        if (n.isArray()) {
            return "a list";
        }
        if (n.isTextual()) {
            return "\"" + n.asText() + "\"";
        }
        return n.toString();
    }
}
