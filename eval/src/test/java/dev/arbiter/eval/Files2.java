package dev.arbiter.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arbiter.eval.data.InputFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Small helpers for writing test inputs. */
final class Files2 {
    private Files2() {
    }

    static ObjectNode obj() {
        return InputFiles.JSON.createObjectNode();
    }

    static ObjectNode json(String text) {
        try {
            return (ObjectNode) InputFiles.JSON.readTree(text.replace('\'', '"'));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path jsonl(Path file, List<? extends JsonNode> rows) {
        List<String> lines = new ArrayList<>();
        rows.forEach(r -> lines.add(r.toString()));
        try {
            Files.write(file, lines);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    static Path text(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }
}
