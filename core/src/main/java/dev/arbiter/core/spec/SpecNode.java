package dev.arbiter.core.spec;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.Map;

/**
 * A node of a parsed spec document, with the means to say where it came from.
 *
 * @param sourceName the file name, or {@code <inline>}
 * @param pointer    the JSON pointer of this node within the document
 * @param node       the value
 * @param locations  JSON pointer → location of every value in the document
 */
public record SpecNode(String sourceName, String pointer, JsonNode node, Map<String, JsonLocation> locations) {

    public SpecNode child(String key) {
        return new SpecNode(sourceName, pointer + "/" + escape(key), node.get(key), locations);
    }

    public SpecNode child(int index) {
        return new SpecNode(sourceName, pointer + "/" + index, node.get(index), locations);
    }

    /** "{@code file:12}" for this node, falling back to the nearest parent with a known location. */
    public String where() {
        String p = pointer;
        while (true) {
            JsonLocation loc = locations.get(p);
            if (loc != null && loc.getLineNr() > 0) {
                return sourceName + ":" + loc.getLineNr();
            }
            if (p.isEmpty()) {
                return sourceName;
            }
            p = p.substring(0, p.lastIndexOf('/'));
        }
    }

    /** The dotted key path, such as {@code rewards.format.type}, or {@code (root)}. */
    public String keyPath() {
        if (pointer.isEmpty()) {
            return "(root)";
        }
        return pointer.substring(1).replace('/', '.').replace("~1", "/").replace("~0", "~");
    }

    public SpecException error(String message) {
        return new SpecException(where() + ": key '" + keyPath() + "': " + message);
    }

    private static String escape(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }
}
