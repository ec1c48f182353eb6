package dev.arbiter.models.rm.jinja;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Python's {@code str.format} and format-spec mini-language, and {@code %}-formatting conversions. */
final class Format {
    private Format() {
    }

    static String strFormat(Interpreter in, String s, List<Object> args, Map<String, Object> kw) {
        StringBuilder sb = new StringBuilder();
        int auto = 0;
        boolean manual = false;
        boolean automatic = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '}') {
                if (i + 1 < s.length() && s.charAt(i + 1) == '}') {
                    sb.append('}');
                    i++;
                    continue;
                }
                throw Builtins.typeError("Single '}' encountered in format string");
            }
            if (c != '{') {
                sb.append(c);
                continue;
            }
            if (i + 1 < s.length() && s.charAt(i + 1) == '{') {
                sb.append('{');
                i++;
                continue;
            }
            int close = s.indexOf('}', i);
            if (close < 0) {
                throw Builtins.typeError("Single '{' encountered in format string");
            }
            String field = s.substring(i + 1, close);
            i = close;
            int bracket = 0;
            int end = field.length();
            for (int k = 0; k < field.length(); k++) {
                char f = field.charAt(k);
                if (f == '[') {
                    bracket++;
                } else if (f == ']') {
                    bracket--;
                } else if (bracket == 0 && (f == '!' || f == ':')) {
                    end = k;
                    break;
                }
            }
            String ref = field.substring(0, end);
            String rest = field.substring(end);
            char conv = 0;
            String spec = "";
            if (rest.startsWith("!")) {
                if (rest.length() < 2) {
                    throw Builtins.typeError("end of string while looking for conversion specifier");
                }
                conv = rest.charAt(1);
                rest = rest.substring(2);
            }
            if (rest.startsWith(":")) {
                spec = rest.substring(1);
            } else if (!rest.isEmpty()) {
                throw Builtins.typeError("expected ':' after conversion specifier");
            }
            int j = 0;
            while (j < ref.length() && ref.charAt(j) != '.' && ref.charAt(j) != '[') {
                j++;
            }
            String first = ref.substring(0, j);
            Object value;
            if (first.isEmpty()) {
                if (manual) {
                    throw Builtins.typeError("cannot switch from manual field specification to automatic field numbering");
                }
                automatic = true;
                if (auto >= args.size()) {
                    throw Builtins.typeError("Replacement index " + auto + " out of range for positional args tuple");
                }
                value = args.get(auto++);
            } else if (first.chars().allMatch(Character::isDigit)) {
                if (automatic) {
                    throw Builtins.typeError("cannot switch from automatic field numbering to manual field specification");
                }
                manual = true;
                int idx = Integer.parseInt(first);
                if (idx >= args.size()) {
                    throw Builtins.typeError("Replacement index " + idx + " out of range for positional args tuple");
                }
                value = args.get(idx);
            } else {
                if (!kw.containsKey(first)) {
                    throw Builtins.typeError("KeyError: " + Py.repr(first));
                }
                value = kw.get(first);
            }
            while (j < ref.length()) {
                if (ref.charAt(j) == '.') {
                    int k = j + 1;
                    while (k < ref.length() && ref.charAt(k) != '.' && ref.charAt(k) != '[') {
                        k++;
                    }
                    value = in.getattr(value, ref.substring(j + 1, k));
                    j = k;
                } else {
                    int k = ref.indexOf(']', j);
                    if (k < 0) {
                        throw Builtins.typeError("Missing ']' in format string");
                    }
                    String key = ref.substring(j + 1, k);
                    value = in.getitem(value, key.chars().allMatch(Character::isDigit) && !key.isEmpty()
                            ? (Object) Long.parseLong(key) : key);
                    j = k + 1;
                }
                if (value instanceof Py.Undefined u) {
                    throw u.error();
                }
            }
            if (conv == 'r' || conv == 'a') {
                value = Py.repr(value);
            } else if (conv == 's') {
                value = Py.str(value);
            } else if (conv != 0) {
                throw Builtins.typeError("Unknown conversion specifier " + conv);
            }
            sb.append(spec(value, spec));
            in.checkSize(sb.length());
        }
        return sb.toString();
    }

    /** {@code format(value, spec)}. */
    static String spec(Object value, String spec) {
        if (spec.isEmpty()) {
            return Py.str(value);
        }
        int i = 0;
        String fill = " ";
        char align = 0;
        if (spec.length() >= 2 && "<>=^".indexOf(spec.charAt(1)) >= 0) {
            fill = spec.substring(0, 1);
            align = spec.charAt(1);
            i = 2;
        } else if ("<>=^".indexOf(spec.charAt(0)) >= 0) {
            align = spec.charAt(0);
            i = 1;
        }
        char sign = '-';
        if (i < spec.length() && "+- ".indexOf(spec.charAt(i)) >= 0) {
            sign = spec.charAt(i++);
        }
        boolean alt = false;
        if (i < spec.length() && spec.charAt(i) == '#') {
            alt = true;
            i++;
        }
        if (i < spec.length() && spec.charAt(i) == '0') {
            if (align == 0) {
                fill = "0";
                align = '=';
            }
            i++;
        }
        int ws = i;
        while (i < spec.length() && Character.isDigit(spec.charAt(i))) {
            i++;
        }
        int width = i > ws ? Integer.parseInt(spec.substring(ws, i)) : 0;
        char grouping = 0;
        if (i < spec.length() && (spec.charAt(i) == ',' || spec.charAt(i) == '_')) {
            grouping = spec.charAt(i++);
        }
        int precision = -1;
        if (i < spec.length() && spec.charAt(i) == '.') {
            int ps = ++i;
            while (i < spec.length() && Character.isDigit(spec.charAt(i))) {
                i++;
            }
            if (i == ps) {
                throw Builtins.typeError("Format specifier missing precision");
            }
            precision = Integer.parseInt(spec.substring(ps, i));
        }
        char type = 0;
        if (i < spec.length()) {
            type = spec.charAt(i++);
        }
        if (i != spec.length()) {
            throw Builtins.typeError("Invalid format specifier");
        }
        String body;
        boolean negative = false;
        boolean numeric = true;
        if (Py.isString(value) && (type == 0 || type == 's')) {
            body = Py.asString(value);
            if (precision >= 0 && body.codePointCount(0, body.length()) > precision) {
                body = body.substring(0, body.offsetByCodePoints(0, precision));
            }
            numeric = false;
            if (align == 0) {
                align = '<';
            }
        } else if (Py.isInt(value) && "bcdoxXn\0".indexOf(type) >= 0 && !(value instanceof Boolean && type == 0)) {
            long v = Py.toLong(value);
            negative = v < 0;
            long abs = Math.abs(v);
            body = switch (type) {
                case 'b' -> (alt ? "0b" : "") + Long.toBinaryString(abs);
                case 'o' -> (alt ? "0o" : "") + Long.toOctalString(abs);
                case 'x' -> (alt ? "0x" : "") + Long.toHexString(abs);
                case 'X' -> (alt ? "0X" : "") + Long.toHexString(abs).toUpperCase(Locale.ROOT);
                case 'c' -> new String(Character.toChars((int) v));
                default -> group(Long.toString(abs), grouping);
            };
        } else if (Py.isNumber(value) && "eEfFgGn%\0".indexOf(type) >= 0) {
            double d = Py.toDouble(value);
            negative = d < 0 || (d == 0 && 1 / d < 0);
            d = Math.abs(d);
            body = floatBody(d, type, precision, alt, grouping);
        } else {
            throw Builtins.typeError("unsupported format string passed to " + Py.typeName(value) + ".__format__");
        }
        String signStr = !numeric ? "" : negative ? "-" : sign == '+' ? "+" : sign == ' ' ? " " : "";
        if (align == 0) {
            align = '>';
        }
        int len = signStr.length() + body.codePointCount(0, body.length());
        if (width <= len) {
            return signStr + body;
        }
        if (align == '=') {
            return signStr + fill.repeat(width - len) + body;
        }
        return Builtins.pad(signStr + body, width, fill, align == '^' ? '^' : align);
    }

    private static String group(String digits, char sep) {
        if (sep == 0) {
            return digits;
        }
        int dot = digits.indexOf('.');
        String intPart = dot < 0 ? digits : digits.substring(0, dot);
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < intPart.length(); k++) {
            if (k > 0 && (intPart.length() - k) % 3 == 0) {
                sb.append(sep);
            }
            sb.append(intPart.charAt(k));
        }
        return sb + (dot < 0 ? "" : digits.substring(dot));
    }

    private static String floatBody(double d, char type, int precision, boolean alt, char grouping) {
        if (Double.isNaN(d)) {
            return Character.isUpperCase(type) ? "NAN" : "nan";
        }
        if (Double.isInfinite(d)) {
            return Character.isUpperCase(type) ? "INF" : "inf";
        }
        switch (type) {
            case 'f', 'F' -> {
                return group(fixed(d, precision < 0 ? 6 : precision, alt), grouping);
            }
            case '%' -> {
                return group(fixed(d * 100, precision < 0 ? 6 : precision, alt), grouping) + "%";
            }
            case 'e', 'E' -> {
                String r = sci(d, precision < 0 ? 6 : precision, alt);
                return type == 'E' ? r.toUpperCase(Locale.ROOT) : r;
            }
            case 'g', 'G', 'n' -> {
                String r = general(d, precision < 0 ? 6 : precision, alt);
                return type == 'G' ? r.toUpperCase(Locale.ROOT) : group(r, grouping);
            }
            default -> {
                if (precision < 0) {
                    return group(Py.floatRepr(d), grouping);
                }
                String r = general(d, precision, alt);
                return group(r.contains(".") || r.contains("e") || r.contains("inf") ? r : r, grouping);
            }
        }
    }

    private static String fixed(double d, int precision, boolean alt) {
        String r = new BigDecimal(d).setScale(precision, RoundingMode.HALF_EVEN).toPlainString();
        return alt && precision == 0 ? r + "." : r;
    }

    private static String sci(double d, int precision, boolean alt) {
        if (d == 0) {
            return "0" + (precision > 0 ? "." + "0".repeat(precision) : alt ? "." : "") + "e+00";
        }
        BigDecimal bd = new BigDecimal(d).round(new java.math.MathContext(precision + 1, RoundingMode.HALF_EVEN));
        int exp = bd.precision() - bd.scale() - 1;
        String digits = bd.unscaledValue().toString();
        while (digits.length() < precision + 1) {
            digits += "0";
        }
        digits = digits.substring(0, precision + 1);
        String mant = digits.charAt(0) + (precision > 0 ? "." + digits.substring(1) : alt ? "." : "");
        String e = Integer.toString(Math.abs(exp));
        return mant + "e" + (exp < 0 ? "-" : "+") + (e.length() < 2 ? "0" + e : e);
    }

    private static String general(double d, int precision, boolean alt) {
        int p = precision == 0 ? 1 : precision;
        if (d == 0) {
            return alt ? "0." + "0".repeat(p - 1) : "0";
        }
        BigDecimal bd = new BigDecimal(d).round(new java.math.MathContext(p, RoundingMode.HALF_EVEN));
        int exp = bd.precision() - bd.scale() - 1;
        String r;
        if (exp >= -4 && exp < p) {
            r = fixed(d, p - 1 - exp, alt);
        } else {
            r = sci(d, p - 1, alt);
        }
        if (!alt) {
            int e = r.indexOf('e');
            String mant = e < 0 ? r : r.substring(0, e);
            String tail = e < 0 ? "" : r.substring(e);
            if (mant.contains(".")) {
                mant = mant.replaceAll("0+$", "");
                if (mant.endsWith(".")) {
                    mant = mant.substring(0, mant.length() - 1);
                }
            }
            r = mant + tail;
        }
        return r;
    }

    /** One {@code %} conversion: flags (e.g. {@code -08.2}) and the conversion character. */
    static String printf(String flags, char conv, Object value) {
        boolean left = false;
        boolean zero = false;
        char sign = '-';
        boolean alt = false;
        int i = 0;
        while (i < flags.length() && "-+ #0".indexOf(flags.charAt(i)) >= 0) {
            char f = flags.charAt(i++);
            switch (f) {
                case '-' -> left = true;
                case '0' -> zero = true;
                case '#' -> alt = true;
                default -> sign = sign == '+' ? '+' : f;
            }
        }
        String rest = flags.substring(i);
        StringBuilder spec = new StringBuilder();
        boolean numeric = "diouxXeEfFgGc".indexOf(conv) >= 0 && conv != 'c';
        if (left) {
            spec.append('<');
        } else if (zero && numeric) {
            spec.append("0=");
        } else {
            spec.append('>');
        }
        if (sign != '-' && numeric) {
            spec.append(sign);
        }
        if (alt) {
            spec.append('#');
        }
        spec.append(rest);
        return switch (conv) {
            case 's' -> spec(Py.str(value), spec.toString());
            case 'r', 'a' -> spec(Py.repr(value), spec.toString());
            case 'd', 'i', 'u' -> {
                if (!Py.isNumber(value)) {
                    throw Builtins.typeError("%" + conv + " format: a real number is required, not "
                            + Py.typeName(value));
                }
                long v = value instanceof Double d ? (long) (double) d : Py.toLong(value);
                yield spec(v, spec.toString() + "d");
            }
            case 'o', 'x', 'X' -> {
                if (!Py.isInt(value)) {
                    throw Builtins.typeError("%" + conv + " format: an integer is required, not " + Py.typeName(value));
                }
                yield spec(Py.toLong(value), spec.toString() + conv);
            }
            case 'e', 'E', 'f', 'F', 'g', 'G' -> {
                if (!Py.isNumber(value)) {
                    throw Builtins.typeError("must be real number, not " + Py.typeName(value));
                }
                String sp = spec.toString();
                yield spec(Py.toDouble(value), sp.contains(".") ? sp + conv : sp + ".6" + conv);
            }
            case 'c' -> spec(Py.isInt(value) ? new String(Character.toChars((int) Py.toLong(value))) : Py.str(value),
                    spec.toString());
            default -> throw Builtins.typeError("unsupported format character '" + conv + "'");
        };
    }
}
