package dev.arbiter.code;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The languages code can be run in: the built-in table ({@code dev/arbiter/code/languages.json}: Python 3, C, C++,
 * Java, JavaScript on Node, Bash) plus overrides from configuration in the same JSON shape — a map from language
 * name to {@code {aliases, source_file, main_class_pattern, compile, run, memory_extra_mb, extra_processes,
 * extra_open_files, read_only_binds, memory_markers, fence_tags}}. An override with a known name replaces the fields
 * it gives; a new name adds a language. Immutable.
 */
public final class LanguageTable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Map<String, Language> languages;

    private LanguageTable(Map<String, Language> languages) {
        this.languages = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(languages));
    }

    /** The built-in table. */
    public static LanguageTable builtIn() {
        try (InputStream in = LanguageTable.class.getResourceAsStream("languages.json")) {
            if (in == null) {
                throw new IllegalStateException("languages.json is missing from the code module");
            }
            return new LanguageTable(Map.of()).withOverrides(JSON.readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * This table with {@code overrides} applied.
     *
     * @throws IllegalArgumentException with a readable message when the overrides are malformed
     */
    public LanguageTable withOverrides(JsonNode overrides) {
        if (overrides == null || overrides.isNull()) {
            return this;
        }
        if (!overrides.isObject()) {
            throw new IllegalArgumentException("a language table must be a map from language name to its settings");
        }
        Map<String, Language> out = new LinkedHashMap<>(languages);
        for (Iterator<Map.Entry<String, JsonNode>> it = overrides.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String name = e.getKey();
            JsonNode n = e.getValue();
            if (!n.isObject()) {
                throw new IllegalArgumentException("language '" + name + "' must be a map of settings");
            }
            Language base = out.get(name);
            out.put(name, merge(name, base, n));
        }
        return new LanguageTable(out);
    }

    private static Language merge(String name, Language base, JsonNode n) {
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!List.of("aliases", "source_file", "main_class_pattern", "compile", "run", "memory_extra_mb",
                    "extra_processes", "extra_open_files", "read_only_binds", "memory_markers", "fence_tags").contains(k)) {
                throw new IllegalArgumentException("language '" + name + "': unknown setting '" + k + "'");
            }
        }
        return new Language(name,
                strings(n, "aliases", base == null ? List.of() : base.aliases()),
                text(n, "source_file", base == null ? null : base.sourceFile(), name),
                text(n, "main_class_pattern", base == null ? "" : base.mainClassPattern(), name),
                strings(n, "compile", base == null ? List.of() : base.compile()),
                strings(n, "run", base == null ? List.of() : base.run()),
                integer(n, "memory_extra_mb", base == null ? 0 : base.memoryExtraMb(), name),
                integer(n, "extra_processes", base == null ? 0 : base.extraProcesses(), name),
                integer(n, "extra_open_files", base == null ? 0 : base.extraOpenFiles(), name),
                strings(n, "read_only_binds", base == null ? List.of() : base.readOnlyBinds()),
                strings(n, "memory_markers", base == null ? List.of() : base.memoryMarkers()),
                strings(n, "fence_tags", base == null ? List.of(name) : base.fenceTags()));
    }

    private static List<String> strings(JsonNode n, String key, List<String> fallback) {
        JsonNode v = n.get(key);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isArray()) {
            throw new IllegalArgumentException("'" + key + "' must be a list of strings");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode s : v) {
            if (!s.isTextual()) {
                throw new IllegalArgumentException("'" + key + "' must be a list of strings");
            }
            out.add(s.asText());
        }
        return out;
    }

    private static String text(JsonNode n, String key, String fallback, String lang) {
        JsonNode v = n.get(key);
        if (v == null || v.isNull()) {
            if (fallback == null) {
                throw new IllegalArgumentException("language '" + lang + "' needs '" + key + "'");
            }
            return fallback;
        }
        if (!v.isTextual()) {
            throw new IllegalArgumentException("language '" + lang + "': '" + key + "' must be a string");
        }
        return v.asText();
    }

    private static int integer(JsonNode n, String key, int fallback, String lang) {
        JsonNode v = n.get(key);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.canConvertToInt() || !v.isIntegralNumber()) {
            throw new IllegalArgumentException("language '" + lang + "': '" + key + "' must be an integer");
        }
        return v.asInt();
    }

    /** The language with this name or alias (case-insensitive). */
    public Optional<Language> find(String nameOrAlias) {
        if (nameOrAlias == null) {
            return Optional.empty();
        }
        Language exact = languages.get(nameOrAlias);
        if (exact != null) {
            return Optional.of(exact);
        }
        return languages.values().stream().filter(l -> l.answersTo(nameOrAlias)).findFirst();
    }

    public Collection<Language> all() {
        return languages.values();
    }

    /** Every accepted name and alias, for error messages. */
    public List<String> names() {
        List<String> out = new ArrayList<>();
        for (Language l : languages.values()) {
            out.add(l.name());
            out.addAll(l.aliases());
        }
        return out;
    }
}
