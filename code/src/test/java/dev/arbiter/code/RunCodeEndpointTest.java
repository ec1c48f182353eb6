package dev.arbiter.code;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arbiter.code.sandbox.Limits;
import dev.arbiter.core.service.ServiceEndpoint;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.CompletableFuture;

import static dev.arbiter.code.TestSupport.JSON;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code POST /run_code}: SandboxFusion's request and response shapes, 422 for bad requests, 504 on overload. */
class RunCodeEndpointTest {
    private static RunCodeEndpoint endpoint;

    static RunCodeSettings settings(int pool, int queued, Duration wait) {
        return new RunCodeSettings(TestSupport.config(pool, queued, wait), LanguageTable.builtIn(), 256, 1024,
                Duration.ofSeconds(30), Limits.MIB);
    }

    @BeforeAll
    static void start() {
        endpoint = new RunCodeEndpoint(settings(2, 16, Duration.ofSeconds(30)));
        TestSupport.sandbox().close();
    }

    @AfterAll
    static void stop() {
        endpoint.close();
    }

    private static JsonNode call(RunCodeEndpoint e, String body, int expectedStatus) throws Exception {
        ServiceEndpoint.Response r = e.handle(body.getBytes(StandardCharsets.UTF_8), Map.of());
        assertEquals("application/json", r.contentType());
        JsonNode n = JSON.readTree(r.body());
        assertEquals(expectedStatus, r.status(), n::toString);
        return n;
    }

    private static JsonNode call(String body) throws Exception {
        return call(endpoint, body, 200);
    }

    private static String request(String language, String code, Map<String, Object> extra) throws Exception {
        ObjectNode n = JSON.createObjectNode();
        n.put("code", code);
        n.put("language", language);
        extra.forEach((k, v) -> n.set(k, JSON.valueToTree(v)));
        return JSON.writeValueAsString(n);
    }

    @Test
    void isFoundByServiceLoader() {
        List<String> paths = ServiceLoader.load(ServiceEndpoint.class).stream().map(p -> p.get().path()).toList();
        assertTrue(paths.contains("/run_code"), paths::toString);
    }

    @Test
    void successShape() throws Exception {
        JsonNode n = call(request("python", "print(int(input()) * 2)", Map.of("stdin", "21\n", "run_timeout", 5)));
        assertEquals("Success", n.get("status").asText());
        assertEquals("", n.get("message").asText());
        assertTrue(n.get("compile_result").isNull());
        assertTrue(n.get("executor_pod_name").isNull());
        assertTrue(n.get("files").isObject());
        JsonNode run = n.get("run_result");
        assertEquals("Finished", run.get("status").asText());
        assertEquals(0, run.get("return_code").asInt());
        assertEquals("42\n", run.get("stdout").asText());
        assertEquals("", run.get("stderr").asText());
        assertTrue(run.get("execution_time").isDouble() && run.get("execution_time").asDouble() > 0);
        assertEquals("ok", run.get("arbiter_status").asText());
        assertTrue(n.get("sandbox_backend").asText().startsWith("bubblewrap"));
    }

    @Test
    void runtimeErrorAndTimeLimitShapes() throws Exception {
        JsonNode err = call(request("python", "import sys\nprint('partial')\nsys.exit(3)", Map.of()));
        assertEquals("Failed", err.get("status").asText());
        assertEquals("Finished", err.at("/run_result/status").asText());
        assertEquals(3, err.at("/run_result/return_code").asInt());
        assertEquals("partial\n", err.at("/run_result/stdout").asText());
        JsonNode tle = call(request("python", "import time\nprint('started', flush=True)\ntime.sleep(30)",
                Map.of("run_timeout", 3)));
        assertEquals("Failed", tle.get("status").asText());
        assertEquals("TimeLimitExceeded", tle.at("/run_result/status").asText());
        assertTrue(tle.at("/run_result/return_code").isNull());
        assertEquals("started\n", tle.at("/run_result/stdout").asText(), "partial output is kept on timeout");
        JsonNode sig = call(request("python", "import os, signal\nos.kill(os.getpid(), signal.SIGSEGV)", Map.of()));
        assertEquals(-11, sig.at("/run_result/return_code").asInt(), "death by signal N is -N, as Python reports it");
    }

    @Test
    void memoryAndOutputLimitsAreReportedAdditively() throws Exception {
        JsonNode mem = call(request("python", "x = bytearray(512 * 1024 * 1024)", Map.of("memory_limit_MB", 128)));
        assertEquals("Failed", mem.get("status").asText());
        assertEquals("memory_limit", mem.at("/run_result/arbiter_status").asText());
        assertTrue(mem.at("/run_result/memory_exceeded").asBoolean());
        JsonNode out = call(request("python", "while True:\n    print('z' * 4096)", Map.of()));
        assertEquals("Failed", out.get("status").asText());
        assertEquals("Error", out.at("/run_result/status").asText());
        assertEquals("output_limit", out.at("/run_result/arbiter_status").asText());
        assertTrue(out.at("/run_result/stdout_truncated").asBoolean());
        assertEquals(Limits.MIB, out.at("/run_result/stdout").asText().length());
    }

    @Test
    void compileErrorShape() throws Exception {
        TestSupport.requireToolchain("cpp");
        JsonNode n = call(request("cpp", "int main() { return 0 }", Map.of("compile_timeout", 20)));
        assertEquals("Failed", n.get("status").asText());
        assertEquals("Finished", n.at("/compile_result/status").asText());
        assertEquals(1, n.at("/compile_result/return_code").asInt());
        assertTrue(n.at("/compile_result/stderr").asText().contains("error"), n::toString);
        assertEquals("compile_error", n.at("/compile_result/arbiter_status").asText());
        assertTrue(n.get("run_result").isNull());
        JsonNode ok = call(request("cpp", "#include <cstdio>\nint main() { std::puts(\"hi\"); }", Map.of()));
        assertEquals("Success", ok.get("status").asText(), ok::toString);
        assertEquals("Finished", ok.at("/compile_result/status").asText());
        assertEquals("hi\n", ok.at("/run_result/stdout").asText());
    }

    @Test
    void filesInAndFetchFilesOut() throws Exception {
        String data = Base64.getEncoder().encodeToString("hello file\n".getBytes(StandardCharsets.UTF_8));
        String code = "data = open('data/in.txt').read()\nopen('out.txt', 'w').write(data.upper())\nprint('done')";
        JsonNode n = call(request("python", code, Map.of("files", Map.of("data/in.txt", data),
                "fetch_files", List.of("out.txt", "missing.txt"))));
        assertEquals("Success", n.get("status").asText(), n::toString);
        assertEquals("done\n", n.at("/run_result/stdout").asText());
        assertEquals("HELLO FILE\n", new String(Base64.getDecoder().decode(n.at("/files/out.txt").asText()),
                StandardCharsets.UTF_8));
        assertTrue(n.at("/files/missing.txt").isMissingNode(), "a file that does not exist is left out");
    }

    @Test
    void badRequestsGet422WithFastApiDetail() throws Exception {
        for (String body : List.of("not json", "[1]", "{\"language\": \"python\"}", "{\"code\": \"x\"}",
                "{\"code\": \"x\", \"language\": \"cobol\"}", "{\"code\": \"x\", \"language\": \"python\", \"run_timeout\": -1}",
                "{\"code\": \"x\", \"language\": \"python\", \"files\": {\"../escape\": \"eA==\"}}",
                "{\"code\": \"x\", \"language\": \"python\", \"files\": {\"a\": \"***\"}}")) {
            JsonNode n = call(endpoint, body, 422);
            assertTrue(n.get("detail").isArray() && n.at("/detail/0/msg").asText().length() > 5, n::toString);
        }
        JsonNode extra = call(request("python", "print(1)", Map.of("unknown_field", 1, "stdin", "")));
        assertEquals("Success", extra.get("status").asText(), "unknown fields are ignored");
    }

    @Test
    void overloadAnswers504WithRetryAfter() throws Exception {
        try (RunCodeEndpoint tiny = new RunCodeEndpoint(settings(1, 0, Duration.ofSeconds(5)))) {
            CompletableFuture<ServiceEndpoint.Response> blocker = CompletableFuture.supplyAsync(() -> {
                try {
                    return tiny.handle(request("python", "import time\ntime.sleep(1)", Map.of()).getBytes(
                            StandardCharsets.UTF_8), Map.of());
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            for (int i = 0; i < 500 && tiny.sandbox().inFlight() == 0; i++) {
                Thread.sleep(5);
            }
            assertEquals(1, tiny.sandbox().inFlight(), "the blocker holds the only slot");
            ServiceEndpoint.Response r = tiny.handle(request("python", "print(1)", Map.of()).getBytes(
                    StandardCharsets.UTF_8), Map.of());
            assertEquals(504, r.status());
            assertEquals("1", r.headers().get("Retry-After"));
            assertTrue(JSON.readTree(r.body()).get("detail").asText().contains("overloaded"));
            assertEquals(200, blocker.get().status());
            assertEquals(200, tiny.handle(request("python", "print(1)", Map.of()).getBytes(StandardCharsets.UTF_8),
                    Map.of()).status(), "served again once the slot is free");
        }
    }
}
