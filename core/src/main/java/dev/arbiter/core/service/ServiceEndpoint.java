package dev.arbiter.core.service;

import java.util.Map;
import java.util.Objects;

/**
 * An extra HTTP endpoint a family module offers to the server (for example the code module's SandboxFusion-compatible
 * {@code POST /run_code}). Found with {@link java.util.ServiceLoader} (listed in
 * {@code META-INF/services/dev.arbiter.core.service.ServiceEndpoint}), so the server depends on no family.
 * Implementations are thread-safe, never throw from {@link #handle}, and answer overload themselves with the status
 * their clients expect.
 */
public interface ServiceEndpoint {

    /** The request path, such as {@code /run_code}; requests use POST. */
    String path();

    /** One line for {@code GET /v1/rewards} and logs. */
    String description();

    /** Handles one request body; returns the full response. Must not throw. */
    Response handle(byte[] body, Map<String, String> headers);

    /**
     * A response.
     *
     * @param status      HTTP status
     * @param contentType e.g. {@code application/json}
     * @param body        the body bytes
     * @param headers     extra headers (e.g. {@code Retry-After})
     */
    record Response(int status, String contentType, byte[] body, Map<String, String> headers) {
        public Response {
            Objects.requireNonNull(contentType, "contentType");
            Objects.requireNonNull(body, "body");
            headers = Map.copyOf(headers);
        }

        public static Response json(int status, String json) {
            return new Response(status, "application/json", json.getBytes(java.nio.charset.StandardCharsets.UTF_8), Map.of());
        }
    }
}
