package dev.arbiter.server;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.arbiter.core.spec.Param;
import dev.arbiter.core.spec.RewardFactory;
import dev.arbiter.core.spec.RewardRegistry;

import java.io.IOException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The body of {@code GET /v1/rewards}: every reward type of the build (as {@code arbiter rewards --json}), the loaded
 * specs with their signatures, and the endpoints.
 *
 * <pre>
 * {"default_spec": "default",
 *  "specs": [{"name": "default", "default": true, "signature": "exact_match@1(...)|deadline=2000ms",
 *             "signature_id": "3f2a...", "deadline_ms": 2000, "source": "spec.yaml"}],
 *  "types": [{"type": "exact_match", "version": 1, "family": "text", "description": "...", "source": "...",
 *             "parameters": [{"name": ..., "type": ..., "required": ..., "default": ..., "description": ...}]}],
 *  "endpoints": [{"method": "POST", "path": "/v1/score", "description": "..."}]}
 * </pre>
 */
final class RewardCatalog {
    private final RewardRegistry registry;

    /** One endpoint, as listed. */
    record EndpointInfo(String method, String path, String description) {
    }

    RewardCatalog(RewardRegistry registry) {
        this.registry = registry;
    }

    byte[] render(LoadedSpecs specs, List<EndpointInfo> endpoints) {
        return Json.write(g -> {
            g.writeStartObject();
            g.writeStringField("default_spec", specs.defaultSpec().name());
            g.writeArrayFieldStart("specs");
            for (NamedSpec s : specs.all()) {
                g.writeStartObject();
                g.writeStringField("name", s.name());
                g.writeBooleanField("default", s == specs.defaultSpec());
                g.writeStringField("signature", s.spec().signature());
                g.writeStringField("signature_id", s.signatureId());
                g.writeNumberField("deadline_ms", s.spec().deadline().toMillis());
                g.writeStringField("source", s.spec().source());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("types");
            for (RewardFactory f : registry.factories()) {
                g.writeStartObject();
                g.writeStringField("type", f.name());
                g.writeNumberField("version", f.version());
                g.writeStringField("family", f.family());
                g.writeStringField("description", f.description());
                g.writeStringField("source", f.source());
                g.writeArrayFieldStart("parameters");
                for (Param p : f.parameters()) {
                    g.writeStartObject();
                    g.writeStringField("name", p.name());
                    g.writeStringField("type", p.typeLabel());
                    g.writeBooleanField("required", p.required());
                    g.writeFieldName("default");
                    writeDefault(g, p.defaultValue(), 0);
                    g.writeStringField("description", p.description());
                    g.writeEndObject();
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("endpoints");
            for (EndpointInfo e : endpoints) {
                g.writeStartObject();
                g.writeStringField("method", e.method());
                g.writeStringField("path", e.path());
                g.writeStringField("description", e.description());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        });
    }

    /**
     * A parameter's default as JSON: plain values as they are, a duration as spec text ({@code 500ms}, {@code 2s}),
     * anything else as its string form. Never fails, so an unusual default cannot stop the server from starting.
     */
    static void writeDefault(JsonGenerator g, Object v, int depth) throws IOException {
        if (v == null) {
            g.writeNull();
        } else if (v instanceof String || v instanceof Boolean || v instanceof Number) {
            Json.writeValue(g, v instanceof Float f ? (Object) f.doubleValue() : v instanceof Short || v instanceof Byte
                    ? (Object) ((Number) v).intValue() : v, depth);
        } else if (v instanceof Duration d) {
            long ms = d.toMillis();
            g.writeString(ms % 1000 == 0 && ms != 0 ? ms / 1000 + "s" : ms + "ms");
        } else if (v instanceof Map<?, ?> m && depth < 16) {
            g.writeStartObject();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                g.writeFieldName(String.valueOf(e.getKey()));
                writeDefault(g, e.getValue(), depth + 1);
            }
            g.writeEndObject();
        } else if (v instanceof Collection<?> c && depth < 16) {
            g.writeStartArray();
            for (Object o : c) {
                writeDefault(g, o, depth + 1);
            }
            g.writeEndArray();
        } else if (v instanceof JsonNode n) {
            g.writeTree(n);
        } else {
            g.writeString(String.valueOf(v));
        }
    }
}
