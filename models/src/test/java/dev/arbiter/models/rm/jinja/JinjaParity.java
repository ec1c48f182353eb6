package dev.arbiter.models.rm.jinja;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Compares this engine with Python jinja2 over a directory of templates: the expected renderings come from
 * {@code models/scripts/jinja_reference.py}. A case matches when both render the same text or both fail.
 *
 * <pre>
 * python3 models/scripts/jinja_reference.py TEMPLATES CONVERSATIONS.json expected.json
 * java -cp ... dev.arbiter.models.rm.jinja.JinjaParity TEMPLATES CONVERSATIONS.json expected.json
 * </pre>
 */
public final class JinjaParity {
    /** The reference script's fixed clock and special tokens. */
    static final Clock CLOCK = Clock.fixed(LocalDateTime.of(2025, 3, 4, 9, 5, 7).toInstant(ZoneOffset.UTC),
            ZoneOffset.UTC);
    static final Map<String, Object> SPECIAL = Map.of("bos_token", "<BOS>", "eos_token", "<EOS>");
    private static final ObjectMapper JSON = new ObjectMapper();

    private JinjaParity() {
    }

    /** One case's outcome: null when it matches, else why not. */
    static String compare(String source, Map<String, Object> conversation, Map<String, Object> expected) {
        String out;
        try {
            JinjaTemplate t = JinjaTemplate.parse(source);
            Map<String, Object> vars = new HashMap<>(SPECIAL);
            vars.put("messages", conversation.get("messages"));
            vars.put("tools", conversation.get("tools"));
            vars.put("documents", null);
            vars.put("add_generation_prompt", conversation.get("add_generation_prompt"));
            out = t.render(vars, JinjaTemplate.Limits.DEFAULT, CLOCK);
        } catch (JinjaException e) {
            return expected.containsKey("error") ? null : "failed (" + e + "), jinja2 rendered";
        }
        if (expected.containsKey("error")) {
            return "rendered, jinja2 failed (" + expected.get("message") + ")";
        }
        String want = (String) expected.get("output");
        if (want.equals(out)) {
            return null;
        }
        int k = 0;
        while (k < Math.min(want.length(), out.length()) && want.charAt(k) == out.charAt(k)) {
            k++;
        }
        return "differs at " + k + ": jinja2 " + snippet(want, k) + " vs " + snippet(out, k);
    }

    private static String snippet(String s, int k) {
        return JSON.valueToTree(s.substring(k, Math.min(s.length(), k + 40))).toString();
    }

    static List<Map<String, Object>> readList(Path p) throws IOException {
        return JSON.readValue(p.toFile(), new TypeReference<>() { });
    }

    static Map<String, Map<String, Object>> readExpected(Path p) throws IOException {
        Map<String, Object> doc = JSON.readValue(p.toFile(), new TypeReference<>() { });
        Map<String, Map<String, Object>> out = new HashMap<>();
        for (Object o : (List<?>) doc.get("cases")) {
            @SuppressWarnings("unchecked")
            Map<String, Object> c = (Map<String, Object>) o;
            out.put(c.get("template") + "|" + c.get("conversation"), c);
        }
        return out;
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            System.err.println("usage: JinjaParity TEMPLATE_DIR CONVERSATIONS_JSON EXPECTED_JSON");
            System.exit(2);
        }
        List<Map<String, Object>> convs = readList(Path.of(args[1]));
        Map<String, Map<String, Object>> expected = readExpected(Path.of(args[2]));
        List<Path> files = new ArrayList<>();
        try (Stream<Path> s = Files.list(Path.of(args[0]))) {
            s.filter(p -> p.toString().endsWith(".jinja")).sorted().forEach(files::add);
        }
        int templatesOk = 0;
        int casesOk = 0;
        int cases = 0;
        for (Path f : files) {
            String src = Files.readString(f);
            String name = f.getFileName().toString();
            int ok = 0;
            String firstBad = null;
            for (Map<String, Object> c : convs) {
                Map<String, Object> e = expected.get(name + "|" + c.get("id"));
                if (e == null) {
                    throw new IllegalStateException("no expected rendering for " + name + " / " + c.get("id"));
                }
                String why = compare(src, c, e);
                cases++;
                if (why == null) {
                    ok++;
                    casesOk++;
                } else if (firstBad == null) {
                    firstBad = c.get("id") + ": " + why;
                }
            }
            if (ok == convs.size()) {
                templatesOk++;
            }
            System.out.println((ok == convs.size() ? "OK   " : "FAIL ") + name + " " + ok + "/" + convs.size()
                    + (firstBad == null ? "" : "  [" + firstBad + "]"));
        }
        System.out.println("templates identical on all conversations: " + templatesOk + "/" + files.size()
                + "; cases " + casesOk + "/" + cases);
    }
}
