package dev.arbiter.vision;

import dev.arbiter.core.json.PyJson;
import com.fasterxml.jackson.databind.JsonNode;
import dev.arbiter.core.Deadline;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds boxes in model output and in references. One class for every syntax the vision rewards accept:
 * <ul>
 *   <li><b>JSON</b>: a list of boxes {@code [[x1,y1,x2,y2], …]}, a list of objects carrying a box under
 *       {@code bbox_2d}, {@code bbox} or {@code box} and an optional label under {@code label}, {@code category},
 *       {@code category_name}, {@code name} or {@code class}, a single such object, or a single 4-number list —
 *       fenced in {@code ```json … ```} (or a bare {@code ``` … ```}) or bare in the text;</li>
 *   <li><b>tags</b>: {@code <box>…</box>} (Qwen-VL) and {@code <|box_start|>…<|box_end|>} (Qwen2-VL), whose content
 *       is {@code (x1,y1),(x2,y2)}, {@code [x1,y1,x2,y2]} or four bare numbers; a preceding
 *       {@code <ref>label</ref>} or {@code <|object_ref_start|>label<|object_ref_end|>} becomes the label;</li>
 *   <li><b>bracketed numbers</b>: every {@code [x1, y1, x2, y2]} with four numbers (integers or decimals, signs
 *       allowed).</li>
 * </ul>
 * The parser does not interpret coordinates: {@link CoordinateFrame} maps them to pixels. Boxes with non-finite
 * numbers are skipped. Nothing here throws for any input; all scans respect the deadline.
 */
public final class BoxParser {
    static final String NUM = "[-+]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][-+]?\\d+)?";
    private static final Pattern NUMBER = Pattern.compile(NUM);
    private static final Pattern BRACKETED = Pattern.compile(
            "\\[\\s*(" + NUM + ")\\s*,\\s*(" + NUM + ")\\s*,\\s*(" + NUM + ")\\s*,\\s*(" + NUM + ")\\s*\\]");
    /** VLM-R1's REC box pattern: the first {@code [int, int, int, int]}, non-negative integers only. */
    private static final Pattern VLMR1_INT_BOX = Pattern.compile("\\[(\\d+),\\s*(\\d+),\\s*(\\d+),\\s*(\\d+)]");
    private static final Pattern TAGGED = Pattern.compile(
            "(?:<ref>(.*?)</ref>\\s*|<\\|object_ref_start\\|>(.*?)<\\|object_ref_end\\|>\\s*)?"
                    + "(?:<box>(.*?)</box>|<\\|box_start\\|>(.*?)<\\|box_end\\|>)", Pattern.DOTALL);
    private static final Pattern ANY_FENCE = Pattern.compile("```(?:json)?(.*?)```", Pattern.DOTALL);
    private static final String[] BOX_KEYS = {"bbox_2d", "bbox", "box"};
    private static final String[] LABEL_KEYS = {"label", "category", "category_name", "name", "class"};
    private static final int MAX_BARE_JSON_TRIES = 64;

    private BoxParser() {
    }

    /**
     * Every box in {@code text}, in order of appearance: the tagged boxes if there are any, else the boxes of the
     * first JSON value holding any, else the bracketed quadruples.
     */
    public static List<LabeledBox> parse(String text, Deadline deadline) {
        List<LabeledBox> tagged = tagged(text, deadline);
        if (!tagged.isEmpty()) {
            return tagged;
        }
        Optional<JsonNode> json = firstJson(text, deadline);
        if (json.isPresent()) {
            List<LabeledBox> boxes = fromJson(json.get());
            if (!boxes.isEmpty()) {
                return boxes;
            }
        }
        List<LabeledBox> out = new ArrayList<>();
        for (Box b : bracketed(text, deadline)) {
            out.add(new LabeledBox(null, b));
        }
        return out;
    }

    /**
     * The boxes a JSON value holds: a list of boxes or of labelled objects, a single labelled object, or a single
     * 4-number list. Items that are not boxes are skipped.
     */
    public static List<LabeledBox> fromJson(JsonNode n) {
        List<LabeledBox> out = new ArrayList<>();
        Optional<Box> single = box(n);
        if (single.isPresent()) {
            out.add(new LabeledBox(null, single.get()));
            return out;
        }
        if (n.isObject()) {
            item(n).ifPresent(out::add);
            return out;
        }
        if (n.isArray()) {
            for (JsonNode c : n) {
                Optional<Box> b = box(c);
                if (b.isPresent()) {
                    out.add(new LabeledBox(null, b.get()));
                } else if (c.isObject()) {
                    item(c).ifPresent(out::add);
                }
            }
        }
        return out;
    }

    /** A labelled object: the box under bbox_2d/bbox/box, the label under label/category/…; empty if no box. */
    public static Optional<LabeledBox> item(JsonNode obj) {
        for (String k : BOX_KEYS) {
            JsonNode b = obj.get(k);
            if (b != null) {
                Optional<Box> box = box(b);
                if (box.isEmpty()) {
                    return Optional.empty();
                }
                return Optional.of(new LabeledBox(label(obj), box.get()));
            }
        }
        return Optional.empty();
    }

    static String label(JsonNode obj) {
        for (String k : LABEL_KEYS) {
            JsonNode l = obj.get(k);
            if (l != null && l.isValueNode() && !l.isNull()) {
                return l.asText();
            }
        }
        return null;
    }

    /** Exactly four finite JSON numbers. */
    public static Optional<Box> box(JsonNode n) {
        if (n == null || !n.isArray() || n.size() != 4) {
            return Optional.empty();
        }
        double[] v = new double[4];
        for (int i = 0; i < 4; i++) {
            JsonNode c = n.get(i);
            if (!c.isNumber() || !Double.isFinite(c.asDouble())) {
                return Optional.empty();
            }
            v[i] = c.asDouble();
        }
        return Optional.of(new Box(v[0], v[1], v[2], v[3]));
    }

    /**
     * The first JSON value in {@code text}: the content of the first {@code ```json} (or bare {@code ```}) fence
     * that parses, else the whole text if it parses, else the first balanced {@code […]} or {@code {…}} that parses.
     */
    public static Optional<JsonNode> firstJson(String text, Deadline deadline) {
        Matcher m = ANY_FENCE.matcher(deadline.guard(text));
        while (m.find()) {
            Optional<JsonNode> n = PyJson.loads(m.group(1));
            if (n.isPresent()) {
                return n;
            }
        }
        Optional<JsonNode> whole = PyJson.loads(text);
        if (whole.isPresent() && (whole.get().isArray() || whole.get().isObject())) {
            return whole;
        }
        int tries = 0;
        for (int i = 0; i < text.length() && tries < MAX_BARE_JSON_TRIES; i++) {
            char c = text.charAt(i);
            if (c != '[' && c != '{') {
                continue;
            }
            if ((i & 0xFF) == 0) {
                deadline.check();
            }
            int end = balancedEnd(text, i, deadline);
            if (end < 0) {
                break;
            }
            tries++;
            Optional<JsonNode> n = PyJson.loads(text.substring(i, end + 1));
            if (n.isPresent()) {
                return n;
            }
        }
        return Optional.empty();
    }

    /** The index of the bracket closing the one at {@code start}, skipping JSON strings; -1 if none. */
    private static int balancedEnd(String s, int start, Deadline deadline) {
        int depth = 0;
        boolean inString = false;
        for (int i = start; i < s.length(); i++) {
            if ((i & 0xFFF) == 0) {
                deadline.check();
            }
            char c = s.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '[' || c == '{') {
                depth++;
            } else if (c == ']' || c == '}') {
                depth--;
                if (depth == 0) {
                    return i;
                }
            }
        }
        return -1;
    }

    /** Every {@code <box>…</box>} and {@code <|box_start|>…<|box_end|>} whose content holds four numbers. */
    public static List<LabeledBox> tagged(String text, Deadline deadline) {
        List<LabeledBox> out = new ArrayList<>();
        Matcher m = TAGGED.matcher(deadline.guard(text));
        while (m.find()) {
            String content = m.group(3) != null ? m.group(3) : m.group(4);
            String label = m.group(1) != null ? m.group(1) : m.group(2);
            numbers(content).ifPresent(b -> out.add(new LabeledBox(label == null ? null : label.strip(), b)));
        }
        return out;
    }

    /** Every bracketed {@code [x1, y1, x2, y2]} of four numbers. */
    public static List<Box> bracketed(String text, Deadline deadline) {
        List<Box> out = new ArrayList<>();
        Matcher m = BRACKETED.matcher(deadline.guard(text));
        while (m.find()) {
            Box b = new Box(Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2)),
                    Double.parseDouble(m.group(3)), Double.parseDouble(m.group(4)));
            if (b.isFinite()) {
                out.add(b);
            }
        }
        return out;
    }

    /**
     * VLM-R1's REC parse (catalog A2): the first match of {@code \[(\d+),\s*(\d+),\s*(\d+),\s*(\d+)]} — non-negative
     * integers only, so {@code [1.5, …]} or {@code [-1, …]} is no box.
     */
    public static Optional<Box> firstIntegerBox(String text, Deadline deadline) {
        Matcher m = VLMR1_INT_BOX.matcher(deadline.guard(text));
        if (!m.find()) {
            return Optional.empty();
        }
        Box b = new Box(Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2)),
                Double.parseDouble(m.group(3)), Double.parseDouble(m.group(4)));
        return b.isFinite() ? Optional.of(b) : Optional.empty();
    }

    private static Optional<Box> numbers(String content) {
        Matcher m = NUMBER.matcher(content);
        double[] v = new double[4];
        int n = 0;
        while (m.find()) {
            if (n == 4) {
                return Optional.empty();
            }
            v[n++] = Double.parseDouble(m.group());
        }
        if (n != 4) {
            return Optional.empty();
        }
        Box b = new Box(v[0], v[1], v[2], v[3]);
        return b.isFinite() ? Optional.of(b) : Optional.empty();
    }

    /** For tests and callers: iterate a JSON array's items as labelled boxes, dropping the rest. */
    static List<LabeledBox> items(Iterator<JsonNode> it) {
        List<LabeledBox> out = new ArrayList<>();
        while (it.hasNext()) {
            item(it.next()).ifPresent(out::add);
        }
        return out;
    }
}
