package dev.arbiter.core.spec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads spec documents (YAML or JSON; JSON is valid YAML) into {@link SpecNode}s that remember the line of
 * every value, so errors can point at the line and the key.
 */
public final class SpecParser {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private final YAMLFactory yaml = new YAMLFactory();
    private final JsonFactory json = new JsonFactory();

    public SpecNode parseFile(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new SpecException(file + ": cannot read spec: " + e.getMessage());
        }
        return parse(file.toString(), text, file.getFileName().toString().toLowerCase().endsWith(".json"));
    }

    /** Parses spec text as YAML (of which JSON is a subset). */
    public SpecNode parse(String sourceName, String text) {
        return parse(sourceName, text, false);
    }

    /** Parses spec text, as strict JSON or as YAML. */
    public SpecNode parse(String sourceName, String text, boolean strictJson) {
        String trimmed = text.strip();
        if (trimmed.isEmpty()) {
            throw new SpecException(sourceName + ": the spec is empty");
        }
        JsonFactory factory = strictJson ? json : yaml;
        Map<String, JsonLocation> locations = new HashMap<>();
        try (JsonParser p = factory.createParser(text)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                throw new SpecException(sourceName + ": the spec is empty");
            }
            JsonNode root = read(p, "", locations, sourceName);
            if (p.nextToken() != null) {
                JsonLocation loc = p.currentTokenLocation();
                throw new SpecException(sourceName + ":" + loc.getLineNr() + ": unexpected content after the spec");
            }
            return new SpecNode(sourceName, "", root, Map.copyOf(locations));
        } catch (JsonProcessingException e) {
            JsonLocation loc = e.getLocation();
            String line = loc == null ? "" : ":" + loc.getLineNr();
            throw new SpecException(sourceName + line + ": not valid " + (factory == json ? "JSON" : "YAML") + ": "
                    + e.getOriginalMessage());
        } catch (IOException e) {
            throw new SpecException(sourceName + ": cannot read spec: " + e.getMessage());
        }
    }

    private static JsonNode read(JsonParser p, String pointer, Map<String, JsonLocation> locations, String src) throws IOException {
        JsonToken t = p.currentToken();
        locations.put(pointer, p.currentTokenLocation());
        switch (t) {
            case START_OBJECT -> {
                ObjectNode obj = NODES.objectNode();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    String childPointer = pointer + "/" + name.replace("~", "~0").replace("/", "~1");
                    JsonLocation keyLoc = p.currentTokenLocation();
                    if (obj.has(name)) {
                        throw new SpecException(src + ":" + keyLoc.getLineNr() + ": key '" + name + "' appears twice");
                    }
                    p.nextToken();
                    JsonNode value = read(p, childPointer, locations, src);
                    locations.put(childPointer, keyLoc);
                    obj.set(name, value);
                }
                return obj;
            }
            case START_ARRAY -> {
                ArrayNode arr = NODES.arrayNode();
                int i = 0;
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    arr.add(read(p, pointer + "/" + i, locations, src));
                    i++;
                }
                return arr;
            }
            case VALUE_STRING -> {
                return NODES.textNode(p.getText());
            }
            case VALUE_NUMBER_INT -> {
                return NODES.numberNode(p.getLongValue());
            }
            case VALUE_NUMBER_FLOAT -> {
                return NODES.numberNode(p.getDoubleValue());
            }
            case VALUE_TRUE -> {
                return NODES.booleanNode(true);
            }
            case VALUE_FALSE -> {
                return NODES.booleanNode(false);
            }
            case VALUE_NULL -> {
                return NODES.nullNode();
            }
            default -> throw new SpecException(src + ":" + p.currentTokenLocation().getLineNr() + ": unexpected " + t);
        }
    }
}
