package dev.arbiter.models;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A local HTTP server on 127.0.0.1 that speaks the OpenAI and vLLM shapes with scripted answers: per path, a queue of
 * one-off replies (429s, 5xx, garbage, slow answers) and then a default handler that computes an answer from the
 * request. Every request is recorded with its headers, so tests can check what the real client sent.
 */
public final class ScriptedServer implements AutoCloseable {
    public static final ObjectMapper JSON = new ObjectMapper();

    static {
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    /** One scripted reply. */
    public record Reply(int status, String body, long delayMillis, Map<String, String> headers) {
        public static Reply json(JsonNode n) {
            return new Reply(200, n.toString(), 0, Map.of());
        }

        public static Reply status(int status) {
            return new Reply(status, "{\"error\":{\"message\":\"scripted " + status + "\"}}", 0, Map.of());
        }

        public static Reply garbage() {
            return new Reply(200, "<html>not json at all", 0, Map.of());
        }

        public Reply slow(long millis) {
            return new Reply(status, body, millis, headers);
        }

        public Reply header(String k, String v) {
            Map<String, String> h = new HashMap<>(headers);
            h.put(k, v);
            return new Reply(status, body, delayMillis, h);
        }
    }

    /** One received request. */
    public record Received(String path, JsonNode body, Map<String, String> headers) {
    }

    private final HttpServer server;
    private final ExecutorService pool;
    private final Map<String, Deque<Reply>> queued = new HashMap<>();
    private final Map<String, Function<JsonNode, Reply>> handlers = new HashMap<>();
    private final List<Received> received = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();

    public ScriptedServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
        pool = Executors.newFixedThreadPool(32, r -> {
            Thread t = new Thread(r, "scripted-server");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(pool);
        server.createContext("/", this::handle);
        server.start();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The next request to {@code path} gets these replies, in order, before the default handler is used again. */
    public synchronized ScriptedServer enqueue(String path, Reply... replies) {
        Deque<Reply> q = queued.computeIfAbsent(path, k -> new ArrayDeque<>());
        Collections.addAll(q, replies);
        return this;
    }

    public synchronized ScriptedServer on(String path, Function<JsonNode, Reply> handler) {
        handlers.put(path, handler);
        return this;
    }

    public List<Received> received() {
        synchronized (received) {
            return new ArrayList<>(received);
        }
    }

    public List<Received> received(String path) {
        return received().stream().filter(r -> r.path.equals(path)).toList();
    }

    public int maxInFlight() {
        return maxInFlight.get();
    }

    private void handle(HttpExchange ex) throws IOException {
        int now = inFlight.incrementAndGet();
        maxInFlight.accumulateAndGet(now, Math::max);
        try {
            String path = ex.getRequestURI().getPath();
            byte[] raw = ex.getRequestBody().readAllBytes();
            JsonNode body;
            try {
                body = JSON.readTree(raw);
            } catch (IOException e) {
                body = JSON.getNodeFactory().textNode(new String(raw, StandardCharsets.UTF_8));
            }
            Map<String, String> headers = new HashMap<>();
            ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), String.join(",", v)));
            received.add(new Received(path, body, headers));
            Reply reply;
            synchronized (this) {
                Deque<Reply> q = queued.get(path);
                reply = q != null && !q.isEmpty() ? q.poll() : null;
            }
            if (reply == null) {
                Function<JsonNode, Reply> h;
                synchronized (this) {
                    h = handlers.get(path);
                }
                reply = h == null ? new Reply(404, "{\"error\":\"no handler for " + path + "\"}", 0, Map.of()) : h.apply(body);
            }
            if (reply.delayMillis() > 0) {
                try {
                    Thread.sleep(reply.delayMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            byte[] out = reply.body().getBytes(StandardCharsets.UTF_8);
            reply.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
            ex.getResponseHeaders().add("Content-Type", "application/json");
            try {
                ex.sendResponseHeaders(reply.status(), out.length);
                try (OutputStream os = ex.getResponseBody()) {
                    os.write(out);
                }
            } catch (IOException clientGone) {
                // the client timed out and closed the connection
            }
        } finally {
            inFlight.decrementAndGet();
            ex.close();
        }
    }

    // ---- answer builders in the OpenAI / vLLM shapes ----

    /** A chat completion with one choice per text. */
    public static ObjectNode chat(String... texts) {
        ObjectNode o = JSON.createObjectNode();
        o.put("id", "chatcmpl-test").put("object", "chat.completion").put("model", "judge");
        ArrayNode choices = o.putArray("choices");
        for (int i = 0; i < texts.length; i++) {
            ObjectNode c = choices.addObject().put("index", i).put("finish_reason", "stop");
            c.putObject("message").put("role", "assistant").put("content", texts[i]);
        }
        return o;
    }

    /**
     * A chat completion whose one generated token is {@code token}, with top alternatives {@code top} (token →
     * probability, turned into logprobs).
     */
    public static ObjectNode chatWithLogprobs(String token, Map<String, Double> top) {
        ObjectNode o = chat(token);
        ObjectNode c = (ObjectNode) o.get("choices").get(0);
        ArrayNode content = c.putObject("logprobs").putArray("content");
        ObjectNode t = content.addObject().put("token", token).put("logprob", Math.log(top.getOrDefault(token, 0.5)));
        ArrayNode alts = t.putArray("top_logprobs");
        top.forEach((k, p) -> alts.addObject().put("token", k).put("logprob", Math.log(p)));
        return o;
    }

    /**
     * A legacy completions answer echoing {@code tokens} (the whole prompt, in order) with their logprobs; the first
     * token's logprob is null as servers send it, and one generated token follows.
     */
    public static ObjectNode echo(List<String> tokens, List<Double> logprobs) {
        ObjectNode o = JSON.createObjectNode();
        ObjectNode lp = o.putArray("choices").addObject().put("index", 0).put("text", String.join("", tokens) + "!")
                .putObject("logprobs");
        ArrayNode t = lp.putArray("tokens");
        ArrayNode v = lp.putArray("token_logprobs");
        ArrayNode off = lp.putArray("text_offset");
        int offset = 0;
        for (int i = 0; i < tokens.size(); i++) {
            t.add(tokens.get(i));
            if (i == 0) {
                v.addNull();
            } else {
                v.add(logprobs.get(i));
            }
            off.add(offset);
            offset += tokens.get(i).length();
        }
        t.add("!");
        v.add(-0.1);
        off.add(offset);
        return o;
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }
}
