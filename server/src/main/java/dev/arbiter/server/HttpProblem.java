package dev.arbiter.server;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A request the server answers with an error status and a JSON body {@code {"error": code, "reason": sentence, ...}}
 * instead of results. Thrown while reading a request; the front turns it into the response.
 */
final class HttpProblem extends RuntimeException {
    private static final long serialVersionUID = 1L;

    final int status;
    final String code;
    final transient Map<String, Object> extra;
    final transient Map<String, String> headers;

    HttpProblem(int status, String code, String reason) {
        this(status, code, reason, Map.of(), Map.of());
    }

    HttpProblem(int status, String code, String reason, Map<String, Object> extra, Map<String, String> headers) {
        super(reason, null, false, false);
        this.status = status;
        this.code = code;
        this.extra = new LinkedHashMap<>(extra);
        this.headers = Map.copyOf(headers);
    }

    static HttpProblem badRequest(String reason) {
        return new HttpProblem(400, "bad_request", reason);
    }

    String reason() {
        return getMessage();
    }
}
