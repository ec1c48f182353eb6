package dev.arbiter.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arbiter.core.RewardResult;
import dev.arbiter.core.service.ServiceEndpoint;
import io.undertow.server.HttpHandler;
import io.undertow.server.Connectors;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.SameThreadExecutor;
import org.xnio.ChannelListener;
import org.xnio.XnioExecutor;
import org.xnio.channels.StreamSourceChannel;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The server's root handler: routing, authentication, body limits, admission and responses.
 *
 * <p>Threads. Routing, checks and body reception run on the connection's IO thread without blocking. A small body
 * is parsed there too; a larger one on the parse pool. Samples are scored by the {@link ScoringEngine}; the response
 * is rendered by whichever thread gives the last answer and written on the IO thread. A request is answered by its
 * deadline: a timer on its IO thread expires whatever is unanswered then.
 *
 * <p>Order of checks: health probes ({@code /healthz}, {@code /readyz}, {@code /v1/ping}; never authenticated) → draining (503) → bearer token (401) → path (404) →
 * method (405) → declared body size (413) → buffered-bytes budget (503) → body read (413 past the limit) → JSON
 * (400 naming the position) → request shape (400), spec (404), batch size (413) → admission (503 with
 * {@code Retry-After}) → scoring (200, per-sample statuses).
 */
final class HttpFront implements HttpHandler {
    private static final Logger LOG = Logger.getLogger(HttpFront.class.getName());
    private static final HttpString DEADLINE_HEADER = new HttpString("X-Arbiter-Deadline-Ms");
    private static final String JSON = "application/json";
    /** Bodies up to this size are parsed on the IO thread; larger ones on the parse pool. */
    private static final int INLINE_PARSE_BYTES = 64 * 1024;
    /** How long past a request's deadline its timer waits for the workers' own timeout answers. */
    private static final long EXPIRY_SLACK_MS = 100;

    /** A path's handler: a fixed response, a scoring protocol, or a family's service endpoint. */
    private sealed interface Target permits Probe, Scoring, Service, Info {
    }

    private enum Probe implements Target { HEALTH, READY, PING }

    private enum Info implements Target { METRICS, REWARDS }

    private record Scoring(ScoringProtocol protocol) implements Target {
    }

    private record Service(ServiceEndpoint endpoint) implements Target {
    }

    /** A route: the endpoint name used in metrics, its one method, and its target. */
    private record Route(String name, String method, Target target, String description) {
    }

    private final ServerConfig config;
    private final LoadedSpecs specs;
    private final ScoringEngine engine;
    private final ServerMetrics metrics;
    private final BearerAuth auth;
    private final Map<String, Route> routes;
    private final Route nativeByName;
    private final byte[] rewardsBody;
    private final ExecutorService parsePool;
    private final ExecutorService servicePool;
    private final AtomicLong bufferedBytes = new AtomicLong();
    private final Set<ScoringEngine.Ticket> pending = ConcurrentHashMap.newKeySet();
    private final Object idleMonitor = new Object();
    private int activeExchanges;
    private volatile boolean draining;

    HttpFront(ServerConfig config, LoadedSpecs specs, ScoringEngine engine, ServerMetrics metrics,
              List<ServiceEndpoint> services, RewardCatalog catalog, ExecutorService parsePool,
              ExecutorService servicePool) {
        this.config = config;
        this.specs = specs;
        this.engine = engine;
        this.metrics = metrics;
        this.auth = config.token() == null ? null : new BearerAuth(config.token());
        this.parsePool = parsePool;
        this.servicePool = servicePool;
        Map<String, Route> byPath = new LinkedHashMap<>();
        byPath.put("/healthz", new Route("healthz", "GET", Probe.HEALTH, "liveness: 200 while the process serves"));
        byPath.put("/readyz", new Route("readyz", "GET", Probe.READY,
                "readiness: 503 while draining or while the scoring queue is full"));
        byPath.put("/v1/ping", new Route("ping", "GET", Probe.PING, "SandboxFusion-style health check: \"pong\""));
        byPath.put("/metrics", new Route("metrics", "GET", Info.METRICS, "Prometheus text exposition"));
        byPath.put("/v1/rewards", new Route("rewards", "GET", Info.REWARDS,
                "reward types, loaded specs and their signatures, endpoints"));
        byPath.put("/v1/score", new Route("native", "POST", new Scoring(new NativeProtocol()),
                "score a batch with the default spec: {samples: [...]} -> {results: [...]}"));
        this.nativeByName = new Route("native", "POST", new Scoring(new NativeProtocol()),
                "score a batch with the named spec");
        byPath.put("/v1/verl/compute_score", new Route("verl", "POST", new Scoring(VerlProtocol.single()),
                "verl compute_score, one item (async reward loop)"));
        byPath.put("/v1/verl/compute_score_batch", new Route("verl_batch", "POST", new Scoring(VerlProtocol.batch()),
                "verl compute_score, batch manager"));
        byPath.put("/get_reward", new Route("openrlhf", "POST", new Scoring(new OpenRlhfProtocol()),
                "OpenRLHF remote reward model: {query, prompts, labels} -> {rewards, scores, extra_logs}"));
        byPath.put("/v1/trl/reward", new Route("trl", "POST", new Scoring(new TrlProtocol()),
                "TRL reward function (clients/trl_reward.py)"));
        byPath.put("/v1/slime/remote_rm", new Route("slime", "POST", new Scoring(new SlimeProtocol()),
                "slime/miles remote_rm: {prompt, response, label} -> {score, ...}"));
        byPath.put("/v1/openrlhf/get_reward", byPath.get("/get_reward"));
        for (ServiceEndpoint s : services) {
            String path = s.path();
            if (path == null || !path.startsWith("/") || byPath.containsKey(path) || path.startsWith("/v1/score/")) {
                throw new IllegalStateException("service endpoint " + s.getClass().getName() + " wants path '" + path
                        + "', which is invalid or already taken");
            }
            byPath.put(path, new Route("service" + path.replace('/', '_'), "POST", new Service(s), s.description()));
        }
        this.routes = Map.copyOf(byPath);
        this.rewardsBody = catalog.render(specs, describeRoutes(byPath));
    }

    private List<RewardCatalog.EndpointInfo> describeRoutes(Map<String, Route> byPath) {
        List<RewardCatalog.EndpointInfo> out = new ArrayList<>();
        byPath.forEach((path, route) -> out.add(new RewardCatalog.EndpointInfo(route.method(), path, route.description())));
        out.add(new RewardCatalog.EndpointInfo("POST", "/v1/score/{spec}", nativeByName.description()));
        return out;
    }

    // ---------------------------------------------------------------- lifecycle

    /** From now on every request but the health probes is answered 503 and its connection closed. */
    void startDraining() {
        draining = true;
    }

    /** Waits until no exchange is in progress, or {@code grace} passes; true when idle. */
    boolean awaitIdle(Duration grace) throws InterruptedException {
        long end = System.nanoTime() + grace.toNanos();
        synchronized (idleMonitor) {
            while (activeExchanges > 0) {
                long left = end - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(idleMonitor, left);
            }
            return true;
        }
    }

    /** Answers every pending scoring request now: its unanswered samples become {@code timeout}. */
    void expireAll(String reason) {
        for (ScoringEngine.Ticket t : pending) {
            t.expire(reason);
        }
    }

    long bufferedBytes() {
        return bufferedBytes.get();
    }

    private void exchangeStarted() {
        synchronized (idleMonitor) {
            activeExchanges++;
        }
    }

    private void exchangeEnded() {
        synchronized (idleMonitor) {
            activeExchanges--;
            if (activeExchanges == 0) {
                idleMonitor.notifyAll();
            }
        }
    }

    // ---------------------------------------------------------------- handling

    @Override
    public void handleRequest(HttpServerExchange ex) {
        long start = System.nanoTime();
        String path = ex.getRequestPath();
        String pathSpec = null;
        Route route = routes.get(path);
        if (route == null && path.startsWith("/v1/score/") && path.length() > "/v1/score/".length()) {
            route = nativeByName;
            pathSpec = path.substring("/v1/score/".length());
        }
        String endpoint = route == null ? "unknown" : route.name();
        exchangeStarted();
        ex.addExchangeCompleteListener((done, next) -> {
            try {
                metrics.request(endpoint, done.getStatusCode(), System.nanoTime() - start);
            } finally {
                exchangeEnded();
                next.proceed();
            }
        });
        try {
            route(ex, route, endpoint, pathSpec, start);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "unexpected failure handling " + path, e);
            if (!ex.isResponseStarted()) {
                send(ex, 500, JSON, Json.problem(new HttpProblem(500, "internal_error", "the server failed: " + e)),
                        Map.of());
            }
        }
    }

    private void route(HttpServerExchange ex, Route route, String endpoint, String pathSpec, long start) {
        if (route != null && route.target() instanceof Probe probe) {
            if (!route.method().equals(ex.getRequestMethod().toString())) {
                methodNotAllowed(ex, route);
                return;
            }
            probe(ex, probe);
            return;
        }
        if (draining) {
            ex.setPersistent(false);
            reject(ex, endpoint, new HttpProblem(503, "shutting_down", "the server is shutting down", Map.of(),
                    retryAfter()));
            return;
        }
        if (auth != null && !auth.allows(ex.getRequestHeaders().getFirst(Headers.AUTHORIZATION))) {
            reject(ex, endpoint, new HttpProblem(401, "unauthorized", "this endpoint needs 'Authorization: Bearer <token>'"
                    + " with the server's token", Map.of(), Map.of("WWW-Authenticate", "Bearer")));
            return;
        }
        if (route == null) {
            List<String> known = new ArrayList<>(routes.keySet());
            known.add("/v1/score/{spec}");
            known.sort(null);
            reject(ex, endpoint, new HttpProblem(404, "not_found", "no endpoint at " + ex.getRequestPath()
                    + "; endpoints: " + String.join(", ", known), Map.of("endpoints", known), Map.of()));
            return;
        }
        if (!route.method().equals(ex.getRequestMethod().toString())) {
            methodNotAllowed(ex, route);
            return;
        }
        if (route.target() instanceof Info info) {
            if (info == Info.METRICS) {
                send(ex, 200, "text/plain; version=0.0.4; charset=utf-8",
                        metrics.scrape().getBytes(StandardCharsets.UTF_8), Map.of());
            } else {
                send(ex, 200, JSON, rewardsBody, Map.of());
            }
            return;
        }
        receive(ex, route, endpoint, pathSpec, start);
    }

    private void methodNotAllowed(HttpServerExchange ex, Route route) {
        reject(ex, route.name(), new HttpProblem(405, "method_not_allowed", ex.getRequestMethod() + " is not allowed on "
                + ex.getRequestPath() + "; use " + route.method(), Map.of("allow", List.of(route.method())),
                Map.of("Allow", route.method())));
    }

    private void probe(HttpServerExchange ex, Probe probe) {
        if (probe == Probe.HEALTH) {
            send(ex, 200, JSON, "{\"status\":\"ok\"}".getBytes(StandardCharsets.UTF_8), Map.of());
            return;
        }
        if (probe == Probe.PING) {
            send(ex, 200, JSON, "\"pong\"".getBytes(StandardCharsets.UTF_8), Map.of());
            return;
        }
        boolean full = engine.admitted() >= engine.capacity();
        boolean ready = !draining && !full;
        String reason = draining ? "shutting down" : full ? "the scoring queue is full" : "";
        byte[] body = Json.write(g -> {
            g.writeStartObject();
            g.writeBooleanField("ready", ready);
            g.writeStringField("reason", reason);
            g.writeNumberField("queue_depth", engine.queueDepth());
            g.writeNumberField("samples_admitted", engine.admitted());
            g.writeNumberField("queue_capacity", engine.capacity());
            g.writeNumberField("workers_busy", engine.busyWorkers());
            g.writeNumberField("workers", engine.workers());
            g.writeEndObject();
        });
        send(ex, ready ? 200 : 503, JSON, body, Map.of());
    }

    /** Checks the declared size, reserves buffer room, then reads the body without blocking. */
    private void receive(HttpServerExchange ex, Route route, String endpoint, String pathSpec, long start) {
        long declared = ex.getRequestContentLength();
        long limit = config.maxBodyBytes();
        if (declared > limit) {
            ex.setPersistent(false);
            reject(ex, endpoint, tooLarge(declared));
            return;
        }
        long reserve = declared >= 0 ? declared : limit;
        if (!reserveBytes(reserve)) {
            reject(ex, endpoint, new HttpProblem(503, "overload", "the server holds as many request bodies as it may ("
                    + config.maxBufferedBytes() + " bytes); retry shortly", Map.of(), retryAfter()));
            return;
        }
        ex.addExchangeCompleteListener((done, next) -> {
            bufferedBytes.addAndGet(-reserve);
            next.proceed();
        });
        // The body is read straight from the request channel into one array: receiveFullBytes copies a byte at a
        // time, and receivePartialBytes copies every chunk into a fresh array first. The limit is ours, not the
        // exchange's max entity size, past which Undertow cuts the connection before a 413 can be sent.
        StreamSourceChannel channel = ex.getRequestChannel();
        if (channel == null) {
            ex.setPersistent(false);
            ex.endExchange();
            return;
        }
        new BodyReader(ex, channel, route, endpoint, pathSpec, start, declared).readAvailable(true);
    }

    /** Reads a request body without blocking, up to the limit, then hands it on (on the IO thread). */
    private final class BodyReader implements ChannelListener<StreamSourceChannel> {
        private final HttpServerExchange ex;
        private final StreamSourceChannel channel;
        private final Route route;
        private final String endpoint;
        private final String pathSpec;
        private final long start;
        private final long declared;
        private byte[] buffer;
        private int size;

        BodyReader(HttpServerExchange ex, StreamSourceChannel channel, Route route, String endpoint, String pathSpec,
                   long start, long declared) {
            this.ex = ex;
            this.channel = channel;
            this.route = route;
            this.endpoint = endpoint;
            this.pathSpec = pathSpec;
            this.start = start;
            this.declared = declared;
            this.buffer = new byte[(int) (declared >= 0 ? declared : Math.min(8192, config.maxBodyBytes()))];
        }

        @Override
        public void handleEvent(StreamSourceChannel ignored) {
            readAvailable(false);
        }

        /** Reads what the channel holds; {@code inCall} when still inside the handler's own call. */
        void readAvailable(boolean inCall) {
            long limit = config.maxBodyBytes();
            while (true) {
                int n;
                try {
                    if (size < buffer.length) {
                        n = channel.read(ByteBuffer.wrap(buffer, size, buffer.length - size));
                    } else {
                        // full: a declared length is all read, so expect the end; otherwise make room
                        if (declared < 0 || size != declared) {
                            if (size >= limit) {
                                n = channel.read(ByteBuffer.allocate(1));
                                if (n > 0) {
                                    refuse();
                                    return;
                                }
                            } else {
                                long grown = Math.max((long) size + 1, 2L * buffer.length);
                                buffer = Arrays.copyOf(buffer, (int) Math.min(grown, limit));
                                continue;
                            }
                        } else {
                            ByteBuffer probe = ByteBuffer.allocate(1);
                            n = channel.read(probe);
                            if (n > 0) {
                                // more than declared: cannot happen on a fixed-length channel; take it anyway
                                if ((long) size + n > limit) {
                                    refuse();
                                    return;
                                }
                                buffer = Arrays.copyOf(buffer, (int) Math.min(Math.max(size + 1L, 2L * size), limit));
                                buffer[size++] = probe.get(0);
                                continue;
                            }
                        }
                    }
                } catch (IOException e) {
                    channel.getReadSetter().set(null);
                    channel.suspendReads();
                    ex.setPersistent(false);
                    ex.endExchange();
                    return;
                }
                if (n > 0) {
                    size += n;
                    continue;
                }
                if (n == 0) {
                    channel.getReadSetter().set(this);
                    channel.resumeReads();
                    return;
                }
                channel.getReadSetter().set(null);
                channel.suspendReads();
                byte[] body = size == buffer.length ? buffer : Arrays.copyOf(buffer, size);
                buffer = null;
                if (inCall) {
                    ex.dispatch(SameThreadExecutor.INSTANCE, () -> onBody(ex, route, endpoint, pathSpec, start, body));
                } else {
                    Connectors.executeRootHandler(e -> e.dispatch(SameThreadExecutor.INSTANCE,
                            () -> onBody(e, route, endpoint, pathSpec, start, body)), ex);
                }
                return;
            }
        }

        private void refuse() {
            channel.getReadSetter().set(null);
            channel.suspendReads();
            buffer = null;
            ex.setPersistent(false);
            reject(ex, endpoint, tooLarge(-1));
        }
    }

    private HttpProblem tooLarge(long declared) {
        return new HttpProblem(413, "body_too_large", "the request body" + (declared >= 0 ? " of " + declared + " bytes" : "")
                + " is over the limit of " + config.maxBodyBytes() + " bytes",
                Map.of("max_body_bytes", config.maxBodyBytes()), Map.of());
    }

    private boolean reserveBytes(long n) {
        while (true) {
            long now = bufferedBytes.get();
            if (now + n > config.maxBufferedBytes()) {
                return false;
            }
            if (bufferedBytes.compareAndSet(now, now + n)) {
                return true;
            }
        }
    }

    /** On the IO thread, with the exchange dispatched: handles a small body here, a large one on a pool. */
    private void onBody(HttpServerExchange ex, Route route, String endpoint, String pathSpec, long start, byte[] body) {
        if (route.target() instanceof Service service) {
            try {
                servicePool.execute(() -> runService(ex, service.endpoint(), body));
            } catch (RejectedExecutionException e) {
                reject(ex, endpoint, new HttpProblem(504, "overload", "every service thread is busy; retry shortly",
                        Map.of(), retryAfter()));
            }
            return;
        }
        ScoringProtocol protocol = ((Scoring) route.target()).protocol();
        if (body.length <= INLINE_PARSE_BYTES) {
            score(ex, protocol, endpoint, pathSpec, start, body);
            return;
        }
        try {
            parsePool.execute(() -> score(ex, protocol, endpoint, pathSpec, start, body));
        } catch (RejectedExecutionException e) {
            reject(ex, endpoint, new HttpProblem(503, "overload", "every parser is busy; retry shortly", Map.of(),
                    retryAfter()));
        }
    }

    private void runService(HttpServerExchange ex, ServiceEndpoint endpoint, byte[] body) {
        ServiceEndpoint.Response r;
        try {
            Map<String, String> headers = new HashMap<>();
            for (HeaderValues h : ex.getRequestHeaders()) {
                headers.put(h.getHeaderName().toString().toLowerCase(java.util.Locale.ROOT), h.getFirst());
            }
            r = endpoint.handle(body, headers);
            if (r == null) {
                throw new IllegalStateException(endpoint.getClass().getName() + " returned no response");
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "service endpoint " + endpoint.path() + " failed", e);
            r = ServiceEndpoint.Response.json(500, new String(Json.problem(new HttpProblem(500, "internal_error",
                    "the endpoint failed: " + e)), StandardCharsets.UTF_8));
        }
        send(ex, r.status(), r.contentType(), r.body(), r.headers());
    }

    /** Parses, admits and scores; answers 4xx/503 itself, or 200 when the last sample is answered. */
    private void score(HttpServerExchange ex, ScoringProtocol protocol, String endpoint, String pathSpec, long start,
                       byte[] bytes) {
        try {
            JsonNode body = Json.parse(bytes);
            Duration budget = requestBudget(ex, body, start);
            ScoringProtocol.Request request = protocol.read(body, new ScoringProtocol.Context(specs, pathSpec,
                    query(ex), config.maxBatchSize(), config.endOfTextMarkers()));
            Optional<ScoringEngine.Ticket> admitted = engine.trySubmit(request.items(), budget);
            if (admitted.isEmpty()) {
                if (engine.isClosed()) {
                    ex.setPersistent(false);
                    reject(ex, endpoint, new HttpProblem(503, "shutting_down", "the server is shutting down",
                            Map.of(), retryAfter()));
                } else {
                    reject(ex, endpoint, new HttpProblem(503, "overload", "the scoring queue cannot take "
                            + request.items().size() + " more samples now (" + engine.admitted() + " of "
                            + engine.capacity() + " admitted); retry after the Retry-After delay",
                            Map.of("queue_capacity", engine.capacity()), retryAfter()));
                }
                return;
            }
            ScoringEngine.Ticket ticket = admitted.get();
            pending.add(ticket);
            XnioExecutor.Key timer = ticket.isDone() ? null : ex.getIoThread().executeAfter(
                    () -> ticket.expire("the request's deadline of " + budget.toMillis()
                            + " ms passed before this sample was scored"),
                    budget.toMillis() + EXPIRY_SLACK_MS, TimeUnit.MILLISECONDS);
            ticket.results().whenComplete((results, failure) -> {
                if (timer != null) {
                    timer.remove();
                }
                pending.remove(ticket);
                respond(ex, request, results);
            });
        } catch (HttpProblem p) {
            reject(ex, endpoint, p);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "unexpected failure scoring a request to " + ex.getRequestPath(), e);
            send(ex, 500, JSON, Json.problem(new HttpProblem(500, "internal_error", "the server failed: " + e)),
                    Map.of());
        }
    }

    private void respond(HttpServerExchange ex, ScoringProtocol.Request request, List<RewardResult> results) {
        byte[] out;
        try {
            out = request.renderer().render(request.items(), results);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "cannot render a response", e);
            send(ex, 500, JSON, Json.problem(new HttpProblem(500, "internal_error", "cannot render the results: " + e)),
                    Map.of());
            return;
        }
        send(ex, 200, JSON, out, Map.of());
    }

    /**
     * The request's time budget: the smaller of header {@code X-Arbiter-Deadline-Ms} and body field
     * {@code deadline_ms}, else the configured default; capped at the configured maximum; less the time already
     * spent on this request.
     */
    private Duration requestBudget(HttpServerExchange ex, JsonNode body, long start) {
        long ms = -1;
        String header = ex.getRequestHeaders().getFirst(DEADLINE_HEADER);
        if (header != null) {
            try {
                ms = Long.parseLong(header.strip());
            } catch (NumberFormatException e) {
                ms = 0;
            }
            if (ms <= 0) {
                throw HttpProblem.badRequest("header X-Arbiter-Deadline-Ms must be a positive whole number of "
                        + "milliseconds, got '" + header + "'");
            }
        }
        JsonNode field = body.isObject() ? body.get("deadline_ms") : null;
        if (Json.present(field)) {
            if (!field.canConvertToLong() || field.asLong() <= 0 || (field.isFloatingPointNumber()
                    && field.decimalValue().stripTrailingZeros().scale() > 0)) {
                throw HttpProblem.badRequest("field 'deadline_ms' must be a positive whole number of milliseconds, got "
                        + field);
            }
            ms = ms < 0 ? field.asLong() : Math.min(ms, field.asLong());
        }
        Duration asked = ms < 0 ? config.requestDeadline() : Duration.ofMillis(ms);
        if (asked.compareTo(config.maxRequestDeadline()) > 0) {
            asked = config.maxRequestDeadline();
        }
        Duration left = asked.minusNanos(System.nanoTime() - start);
        return left.compareTo(Duration.ofMillis(1)) < 0 ? Duration.ofMillis(1) : left;
    }

    private static Map<String, String> query(HttpServerExchange ex) {
        Map<String, String> out = new HashMap<>();
        for (Map.Entry<String, Deque<String>> e : ex.getQueryParameters().entrySet()) {
            if (!e.getValue().isEmpty()) {
                out.put(e.getKey(), e.getValue().peekFirst());
            }
        }
        return out;
    }

    private Map<String, String> retryAfter() {
        return Map.of("Retry-After", Long.toString(Math.max(1, config.retryAfter().toSeconds())));
    }

    private void reject(HttpServerExchange ex, String endpoint, HttpProblem p) {
        metrics.rejected(endpoint, p.code);
        send(ex, p.status, JSON, Json.problem(p), p.headers);
    }

    /** Sends a complete response from any thread; the write happens on the exchange's IO thread. */
    private static void send(HttpServerExchange ex, int status, String contentType, byte[] body,
                             Map<String, String> headers) {
        if (!ex.isInIoThread()) {
            ex.getIoThread().execute(() -> send(ex, status, contentType, body, headers));
            return;
        }
        if (ex.isResponseStarted() || ex.isComplete()) {
            return;
        }
        ex.setStatusCode(status);
        ex.getResponseHeaders().put(Headers.CONTENT_TYPE, contentType);
        for (Map.Entry<String, String> h : headers.entrySet()) {
            ex.getResponseHeaders().put(new HttpString(h.getKey()), h.getValue());
        }
        ex.getResponseSender().send(ByteBuffer.wrap(body));
    }
}
