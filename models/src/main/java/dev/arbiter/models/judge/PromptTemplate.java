package dev.arbiter.models.judge;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A judge prompt: a resource under {@code dev/arbiter/models/prompts/NAME.md}, or a file when the spec gives a path
 * ({@code prompt: ./my-judge.md}). Sections start with {@code <<<system>>>} and {@code <<<user>>>} lines; without
 * them the whole text is the user message. Slots are {@code {{name}}}; every slot a type fills must be present, and
 * values are inserted verbatim (a response cannot inject a slot: slots are filled in one pass).
 */
public record PromptTemplate(String name, String system, String user) {
    private static final Pattern SLOT = Pattern.compile("\\{\\{([a-z_]+)}}");

    public static PromptTemplate load(String nameOrPath, Set<String> required) {
        String text;
        if (nameOrPath.contains("/") || nameOrPath.endsWith(".md") || nameOrPath.endsWith(".txt")) {
            try {
                text = Files.readString(Path.of(nameOrPath), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read prompt file " + nameOrPath + ": " + e.getMessage());
            }
        } else {
            try (InputStream in = PromptTemplate.class.getResourceAsStream("/dev/arbiter/models/prompts/" + nameOrPath + ".md")) {
                if (in == null) {
                    throw new IllegalArgumentException("no built-in prompt '" + nameOrPath + "' (give a file path instead)");
                }
                text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read prompt " + nameOrPath + ": " + e.getMessage());
            }
        }
        String system = null;
        String user = text;
        int s = text.indexOf("<<<system>>>\n");
        int u = text.indexOf("<<<user>>>\n");
        if (u >= 0) {
            user = text.substring(u + "<<<user>>>\n".length());
            if (s >= 0 && s < u) {
                system = text.substring(s + "<<<system>>>\n".length(), u).strip();
            }
        }
        user = user.stripTrailing();
        PromptTemplate t = new PromptTemplate(nameOrPath, system, user);
        Set<String> have = t.slots();
        List<String> missing = new ArrayList<>();
        for (String r : required) {
            if (!have.contains(r)) {
                missing.add("{{" + r + "}}");
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("prompt " + nameOrPath + " lacks the slot(s) " + String.join(", ", missing));
        }
        return t;
    }

    public Set<String> slots() {
        Set<String> out = new LinkedHashSet<>();
        for (String part : new String[] {system, user}) {
            if (part != null) {
                Matcher m = SLOT.matcher(part);
                while (m.find()) {
                    out.add(m.group(1));
                }
            }
        }
        return out;
    }

    public String renderSystem(Map<String, String> values) {
        return system == null ? null : fill(system, values);
    }

    public String renderUser(Map<String, String> values) {
        return fill(user, values);
    }

    private static String fill(String text, Map<String, String> values) {
        Matcher m = SLOT.matcher(text);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String v = values.get(m.group(1));
            m.appendReplacement(sb, Matcher.quoteReplacement(v == null ? m.group(0) : v));
        }
        m.appendTail(sb);
        return sb.toString();
    }
}
