package dev.arbiter.defenses;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The master keys of 'One Token to Fool LLM-as-a-Judge' (arXiv 2507.08794; catalog D1): strings that, submitted as
 * the whole response, make LLM judges say YES. The bundled list is a copy of the shared
 * {@code data/rm-bench/reference/master_keys.json} (ten strings with their categories) plus the empty string,
 * which the catalog lists and the file leaves out.
 */
public final class MasterKeys {
    private static final List<String> BUNDLED_ALL;
    private static final List<String> BUNDLED_OPENERS;

    static {
        try (InputStream in = MasterKeys.class.getResourceAsStream("master_keys.json")) {
            JsonNode root = new ObjectMapper().readTree(in);
            BUNDLED_ALL = keys(root, false);
            BUNDLED_OPENERS = keys(root, true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private MasterKeys() {
    }

    /** The ten keys of the shared file, in its order: " ", ".", ",", ":", "Thought process:", …, "Respuesta". */
    public static List<String> fileKeys() {
        return BUNDLED_ALL;
    }

    /** The probe keys: the empty string, then {@link #fileKeys()}. */
    public static List<String> probeKeys() {
        List<String> out = new ArrayList<>();
        out.add("");
        out.addAll(BUNDLED_ALL);
        return List.copyOf(out);
    }

    /** The keys whose category is a reasoning opener ("Thought process:", "Solution", "解", …). */
    public static List<String> openers() {
        return BUNDLED_OPENERS;
    }

    /** The keys of a JSON file of the shared file's shape ({@code master_keys: [{text, category}]}), or a plain list. */
    public static List<String> load(Path file) throws IOException {
        return keys(new ObjectMapper().readTree(Files.readString(file)), false);
    }

    private static List<String> keys(JsonNode root, boolean openersOnly) {
        JsonNode list = root.isArray() ? root : root.path("master_keys");
        List<String> out = new ArrayList<>();
        for (JsonNode k : list) {
            String text = k.isTextual() ? k.asText() : k.path("text").asText(null);
            String category = k.path("category").asText("");
            if (text != null && (!openersOnly || category.startsWith("reasoning opener"))) {
                out.add(text);
            }
        }
        return List.copyOf(out);
    }
}
