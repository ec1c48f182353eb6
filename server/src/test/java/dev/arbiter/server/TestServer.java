package dev.arbiter.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.arbiter.core.service.ServiceEndpoint;
import dev.arbiter.core.spec.RewardFactory;
import dev.arbiter.core.spec.RewardRegistry;
import dev.arbiter.core.spec.RewardSpec;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.function.Consumer;

/** A live server on 127.0.0.1 with an ephemeral port, plus a small HTTP client, for tests. */
final class TestServer implements AutoCloseable {
    static final ObjectMapper MAPPER = new ObjectMapper();

    final GateReward gate = new GateReward();
    final RewardRegistry registry;
    final ArbiterServer server;
    final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private String token;

    private TestServer(Consumer<Builder> setup) {
        List<RewardFactory> factories = new ArrayList<>();
        ServiceLoader.load(RewardFactory.class).forEach(factories::add);
        factories.add(gate);
        registry = new RewardRegistry(factories);
        Builder b = new Builder(registry);
        setup.accept(b);
        ServerConfig config = b.config.build();
        token = config.token();
        server = ArbiterServer.start(config, registry, b.services);
    }

    /** What a test may set: the config (port 0 already) and the mounted service endpoints. */
    static final class Builder {
        final RewardRegistry registry;
        final ServerConfig.Builder config = ServerConfig.builder().port(0).workerThreads(2);
        final List<ServiceEndpoint> services = new ArrayList<>();
        private boolean hasSpec;

        Builder(RewardRegistry registry) {
            this.registry = registry;
        }

        Builder spec(String name, String spec) {
            config.spec(name, RewardSpec.resolve(spec, registry));
            hasSpec = true;
            return this;
        }
    }

    /** A server with the given setup; specs default to {@code default: exact_match}. */
    static TestServer start(Consumer<Builder> setup) {
        return new TestServer(b -> {
            setup.accept(b);
            if (!b.hasSpec) {
                b.spec("default", "exact_match");
            }
        });
    }

    static TestServer start() {
        return start(b -> { });
    }

    URI uri(String path) {
        return server.uri().resolve(path);
    }

    /** An HTTP answer: status, headers, body. */
    record Answer(int status, java.net.http.HttpHeaders headers, String body) {
        JsonNode json() {
            try {
                return MAPPER.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON (status " + status + "): " + body, e);
            }
        }

        String header(String name) {
            return headers.firstValue(name).orElse(null);
        }
    }

    Answer post(String path, String body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json");
        return send(b, headers);
    }

    Answer get(String path, String... headers) {
        return send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(60)).GET(), headers);
    }

    Answer send(HttpRequest.Builder b, String... headers) {
        boolean hasAuth = false;
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
            hasAuth |= headers[i].equalsIgnoreCase("Authorization");
        }
        if (token != null && !hasAuth) {
            b.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(r.statusCode(), r.headers(), r.body());
        } catch (IOException e) {
            throw new AssertionError("request failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Writes raw bytes on a fresh connection and returns everything the server sends back until it closes. */
    String raw(String request) throws IOException {
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(30_000);
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Override
    public void close() {
        server.close(Duration.ofSeconds(5));
    }
}
