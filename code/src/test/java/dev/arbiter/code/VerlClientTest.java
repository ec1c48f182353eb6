package dev.arbiter.code;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.arbiter.core.service.ServiceEndpoint;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static dev.arbiter.code.TestSupport.JSON;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The SandboxFusion drop-in test: a Python client shaped like verl's {@code sandbox_fusion} utils (urllib POST,
 * retry on 504, grade by {@code run_result.stdout}) talks HTTP on 127.0.0.1 to the endpoint, served by the JDK's
 * HTTP server as a stand-in for Arbiter's server.
 */
class VerlClientTest {

    /** Serves one endpoint on 127.0.0.1 at an ephemeral port until closed. */
    static final class LoopbackServer implements AutoCloseable {
        final HttpServer server;

        LoopbackServer(ServiceEndpoint endpoint) throws IOException {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
            server.setExecutor(Executors.newFixedThreadPool(8));
            server.createContext(endpoint.path(), ex -> serve(endpoint, ex));
            server.start();
        }

        String url(String path) {
            return "http://127.0.0.1:" + server.getAddress().getPort() + path;
        }

        private static void serve(ServiceEndpoint endpoint, HttpExchange ex) throws IOException {
            try (ex; InputStream in = ex.getRequestBody()) {
                byte[] body = in.readAllBytes();
                Map<String, String> headers = new HashMap<>();
                ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), String.join(",", v)));
                ServiceEndpoint.Response r = endpoint.handle(body, headers);
                ex.getResponseHeaders().set("Content-Type", r.contentType());
                r.headers().forEach((k, v) -> ex.getResponseHeaders().set(k, v));
                ex.sendResponseHeaders(r.status(), r.body().length);
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(r.body());
                }
            }
        }

        @Override
        public void close() {
            server.stop(0);
            ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
        }
    }

    private static JsonNode runClient(String url, String casesJson) throws Exception {
        Path script = Path.of("src/test/resources/verl_style_client.py").toAbsolutePath();
        assumeTrue(Files.isRegularFile(script));
        Process p = new ProcessBuilder("python3", script.toString(), url).redirectErrorStream(false).start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(casesJson.getBytes(StandardCharsets.UTF_8));
        }
        CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> {
            try {
                return p.getErrorStream().readAllBytes();
            } catch (IOException e) {
                return new byte[0];
            }
        });
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the client finished");
        assertEquals(0, p.exitValue(), () -> new String(err.join(), StandardCharsets.UTF_8));
        return JSON.readTree(out);
    }

    private static Map<String, Object> testCase(String code, String stdin, String expected) {
        Map<String, Object> m = new HashMap<>();
        m.put("code", code);
        m.put("stdin", stdin);
        m.put("expected", expected);
        return m;
    }

    @Test
    void verlStyleClientGradesThroughRunCode() throws Exception {
        try (RunCodeEndpoint endpoint = new RunCodeEndpoint(RunCodeEndpointTest.settings(2, 16, Duration.ofSeconds(5)));
             LoopbackServer server = new LoopbackServer(endpoint)) {
            List<Map<String, Object>> cases = new java.util.ArrayList<>(List.of(
                    testCase("a, b = map(int, input().split())\nprint(a + b)", "2 3\n", "5"),
                    testCase("a, b = map(int, input().split())\nprint(a - b)", "2 3\n", "5"),
                    testCase("raise ValueError('boom')", "", "5"),
                    new HashMap<>(Map.of("code", "while True: pass", "stdin", "", "expected", "", "timeout", 1))));
            boolean cpp = TestSupport.lang("cpp").missingToolchain().isEmpty();
            if (cpp) {
                cases.add(new HashMap<>(Map.of("code", "int main() { return }", "stdin", "", "expected", "",
                        "language", "cpp")));
            }
            JsonNode result = runClient(server.url("/run_code"), JSON.writeValueAsString(cases));
            JsonNode r = result.get("results");
            assertTrue(r.get(0).asBoolean() && r.get(0).isBoolean(), result::toString);
            assertTrue(r.get(1).isBoolean() && !r.get(1).asBoolean(), "wrong answer");
            assertEquals(-2, r.get(2).asInt(), "runtime error");
            assertEquals(-3, r.get(3).asInt(), "timeout");
            if (cpp) {
                assertEquals(-4, r.get(4).asInt(), "compile error");
            }
            assertEquals(0, result.get("retries_on_504").asInt());
        }
    }

    @Test
    void verlStyleClientRetriesOn504AndThenSucceeds() throws Exception {
        try (RunCodeEndpoint endpoint = new RunCodeEndpoint(RunCodeEndpointTest.settings(1, 0, Duration.ofSeconds(5)));
             LoopbackServer server = new LoopbackServer(endpoint)) {
            CompletableFuture<ServiceEndpoint.Response> blocker = CompletableFuture.supplyAsync(() ->
                    endpoint.handle(("{\"code\": \"import time\\ntime.sleep(1)\", \"language\": \"python\"}")
                            .getBytes(StandardCharsets.UTF_8), Map.of()));
            for (int i = 0; i < 500 && endpoint.sandbox().inFlight() == 0; i++) {
                Thread.sleep(5);
            }
            assertEquals(1, endpoint.sandbox().inFlight(), "the only slot is busy when the client starts");
            JsonNode result = runClient(server.url("/run_code"), JSON.writeValueAsString(List.of(
                    testCase("print(input()[::-1])", "olleh\n", "hello"))));
            assertTrue(result.at("/results/0").asBoolean(), result::toString);
            assertTrue(result.get("retries_on_504").asInt() >= 1, "the first attempt met a full pool: " + result);
            assertEquals(200, blocker.get().status());
        }
    }
}
