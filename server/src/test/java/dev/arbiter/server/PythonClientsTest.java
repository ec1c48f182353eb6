package dev.arbiter.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Runs the Python clients in {@code clients/} with Debian's python3 against a live server, the way verl (async reward
 * loop, sync and batch managers), TRL, OpenRLHF (one sample per fresh connection) and slime call it.
 */
class PythonClientsTest {

    static String python() {
        for (String candidate : List.of("/usr/bin/python3", "python3")) {
            try {
                Process p = new ProcessBuilder(candidate, "-c", "import sys; print(sys.version_info >= (3, 8))")
                        .redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
                if (p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0 && out.equals("True")) {
                    return candidate;
                }
            } catch (IOException e) {
                // not there; try the next
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return null;
    }

    static Path clientsDir() {
        Path here = Path.of(System.getProperty("user.dir"));
        for (Path p : List.of(here.resolve("../clients"), here.resolve("clients"))) {
            if (Files.isRegularFile(p.resolve("verl_compute_score.py"))) {
                return p.normalize().toAbsolutePath();
            }
        }
        throw new AssertionError("clients/ not found from " + here);
    }

    static int deadPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void everyClientWorksAgainstALiveServer() throws Exception {
        String python = python();
        assumeTrue(python != null, "python3 (3.8 or newer) is not installed; CI installs it (apt-get install python3)");
        String token = "py-token-123";
        try (TestServer t = TestServer.start(b -> {
            b.spec("gsm8k", "{type: exact_match, extract: hash_mark, normalize: whitespace}");
            b.config.token(token);
        })) {
            Path driver = Path.of(getClass().getResource("/python/drive_clients.py").toURI());
            ProcessBuilder pb = new ProcessBuilder(python, driver.toString(), clientsDir().toString());
            Map<String, String> env = pb.environment();
            for (String proxy : List.of("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY")) {
                env.remove(proxy);
            }
            env.put("NO_PROXY", "127.0.0.1,localhost");
            env.put("ARBITER_URL", t.server.uri().toString());
            env.put("ARBITER_TOKEN", token);
            env.put("ARBITER_DEAD_PORT", Integer.toString(deadPort()));
            env.put("PYTHONDONTWRITEBYTECODE", "1");
            File err = File.createTempFile("drive_clients", ".err");
            err.deleteOnExit();
            pb.redirectError(err);
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), "python driver finished");
            String stderr = Files.readString(err.toPath());
            assertEquals(0, p.exitValue(), "driver failed:\n" + stderr + "\n" + out);
            JsonNode r = TestServer.MAPPER.readTree(out);

            // verl: identical keys on every item; score, acc, reward_error
            assertEquals("[{\"score\":1.0,\"acc\":1.0,\"reward_error\":0},{\"score\":0.0,\"acc\":0.0,\"reward_error\":0},"
                    + "{\"score\":1.0,\"acc\":1.0,\"reward_error\":0}]", r.get("verl_async").toString());
            assertEquals("{\"score\":1.0,\"acc\":1.0,\"reward_error\":0}", r.get("verl_sync").toString());
            assertEquals("[1.0,0.0,1.0]", scores(r.get("verl_batch")));
            assertEquals(3, r.get("verl_batch").size());

            // TRL: None for what cannot be scored; extra and metrics forwarded to the callbacks
            assertEquals("arbiter_default", r.get("trl_name").asText());
            assertEquals("[1.0,0.0,null]", r.get("trl_standard").toString());
            assertEquals("[\"ok\",\"ok\",\"invalid_input\"]", r.get("trl_logged").get("extra").get("arbiter_status").toString());
            assertEquals(1.0 / 3, r.get("trl_logged").get("metrics").get("arbiter_error_fraction").asDouble(), 1e-9);
            assertEquals("[1.0]", r.get("trl_conversational").toString());

            // OpenRLHF: fresh connection per sample, prompt and end markers stripped
            assertEquals("[200]", r.get("openrlhf_statuses").toString());
            assertEquals("[1.0,0.0,1.0,1.0,0.0,1.0,1.0,0.0,1.0,1.0,0.0,1.0]", r.get("openrlhf_rewards").toString());
            assertEquals("[\"extra_logs\",\"rewards\",\"scores\"]", r.get("openrlhf_shape").toString());
            assertEquals("{\"rewards\":[],\"scores\":[],\"extra_logs\":{}}", r.get("openrlhf_empty").toString());
            assertEquals("[1.0,0.0,1.0]", r.get("openrlhf_reward_func").get("rewards").toString());
            assertEquals("[0.0,0.0,0.0]", r.get("openrlhf_reward_func").get("extra_logs").get("reward_error").toString());

            // slime
            assertEquals(1.0, r.get("slime").get("score").asDouble());
            assertEquals(0, r.get("slime").get("reward_error").asInt());

            // could-not-compute signals: 0 + error flag for verl and OpenRLHF, null for TRL; never a silent 0
            assertEquals("{\"score\":0.0,\"acc\":0.0,\"reward_error\":1}", r.get("down_verl").toString());
            assertEquals("[1,1]", errors(r.get("down_verl_batch")));
            assertEquals("[null,null]", r.get("down_trl").toString());
            assertEquals("[0.0]", r.get("down_openrlhf").get("rewards").toString());
            assertEquals("[1.0]", r.get("down_openrlhf").get("extra_logs").get("reward_error").toString());
            assertTrue(r.get("wrong_token").asText().startsWith("raised"), r.get("wrong_token").asText());

            // overload: 503 with Retry-After is retried
            assertEquals("{\"score\":1.0,\"acc\":1.0,\"reward_error\":0}", r.get("retry_after_503").toString());
            assertEquals(2, r.get("retry_calls").asInt());
        }
    }

    private static String scores(JsonNode items) {
        StringBuilder sb = new StringBuilder("[");
        for (JsonNode i : items) {
            sb.append(sb.length() > 1 ? "," : "").append(i.get("score").asDouble());
        }
        return sb.append("]").toString();
    }

    private static String errors(JsonNode items) {
        StringBuilder sb = new StringBuilder("[");
        for (JsonNode i : items) {
            sb.append(sb.length() > 1 ? "," : "").append(i.get("reward_error").asInt());
        }
        return sb.append("]").toString();
    }
}
