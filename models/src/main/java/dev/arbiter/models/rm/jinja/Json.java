package dev.arbiter.models.rm.jinja;

import dev.arbiter.models.rm.jinja.Py.Tuple;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Python's {@code json.dumps}, as Hugging Face's {@code tojson} filter calls it. */
final class Json {
    private Json() {
    }

    static void dump(Interpreter in, Object v, StringBuilder sb, boolean ascii, String indent, String itemSep,
                     String keySep, boolean sortKeys, int level) {
        in.step();
        if (level > 1000) {
            throw JinjaException.render("maximum recursion depth exceeded while encoding a JSON object");
        }
        if (v == null) {
            sb.append("null");
        } else if (v instanceof Boolean b) {
            sb.append(b ? "true" : "false");
        } else if (v instanceof Long l) {
            sb.append(l);
        } else if (v instanceof Double d) {
            sb.append(floatStr(d));
        } else if (Py.isString(v)) {
            string(Py.asString(v), sb, ascii);
        } else if (v instanceof List || v instanceof Tuple) {
            List<?> l = v instanceof Tuple t ? t.items() : (List<?>) v;
            if (l.isEmpty()) {
                sb.append("[]");
                return;
            }
            sb.append('[');
            String nl = indent == null ? null : "\n" + indent.repeat(level + 1);
            if (nl != null) {
                sb.append(nl);
            }
            for (int i = 0; i < l.size(); i++) {
                if (i > 0) {
                    sb.append(itemSep);
                    if (nl != null) {
                        sb.append(nl);
                    }
                }
                dump(in, l.get(i), sb, ascii, indent, itemSep, keySep, sortKeys, level + 1);
            }
            if (nl != null) {
                sb.append('\n').append(indent.repeat(level));
            }
            sb.append(']');
        } else if (v instanceof Map<?, ?> m) {
            if (m.isEmpty()) {
                sb.append("{}");
                return;
            }
            List<Map.Entry<?, ?>> entries = new ArrayList<>(m.entrySet());
            if (sortKeys) {
                entries.sort((x, y) -> Py.compare(x.getKey(), y.getKey()));
            }
            sb.append('{');
            String nl = indent == null ? null : "\n" + indent.repeat(level + 1);
            if (nl != null) {
                sb.append(nl);
            }
            boolean first = true;
            for (Map.Entry<?, ?> e : entries) {
                if (!first) {
                    sb.append(itemSep);
                    if (nl != null) {
                        sb.append(nl);
                    }
                }
                first = false;
                string(key(e.getKey()), sb, ascii);
                sb.append(keySep);
                dump(in, e.getValue(), sb, ascii, indent, itemSep, keySep, sortKeys, level + 1);
            }
            if (nl != null) {
                sb.append('\n').append(indent.repeat(level));
            }
            sb.append('}');
        } else {
            throw JinjaException.render("Object of type " + Py.typeName(v) + " is not JSON serializable");
        }
        in.checkSize(sb.length());
    }

    private static String key(Object k) {
        if (Py.isString(k)) {
            return Py.asString(k);
        }
        if (k instanceof Boolean b) {
            return b ? "true" : "false";
        }
        if (k instanceof Long l) {
            return Long.toString(l);
        }
        if (k instanceof Double d) {
            return floatStr(d);
        }
        if (k == null) {
            return "null";
        }
        throw JinjaException.render("keys must be str, int, float, bool or None, not " + Py.typeName(k));
    }

    private static String floatStr(double d) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "Infinity" : "-Infinity";
        }
        return Py.floatRepr(d);
    }

    static void string(String s, StringBuilder sb, boolean ascii) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                default -> {
                    if (c < 0x20 || (ascii && c > 0x7e)) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
