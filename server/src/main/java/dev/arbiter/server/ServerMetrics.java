package dev.arbiter.server;

import dev.arbiter.core.RewardResult;
import dev.arbiter.core.Status;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The server's meters, exposed at {@code GET /metrics} in Prometheus text format:
 * <ul>
 *   <li>{@code arbiter_http_requests_total{endpoint,status}}: requests answered, by endpoint and HTTP status</li>
 *   <li>{@code arbiter_http_request_duration_seconds{endpoint}}: request latency histogram (from the first byte
 *       handled to the response handed to the connection)</li>
 *   <li>{@code arbiter_samples_total{reward,status}}: samples answered, by spec name and result status</li>
 *   <li>{@code arbiter_sample_duration_seconds{reward}}: scoring time per sample (histogram; evaluated samples only)</li>
 *   <li>{@code arbiter_cache_hits_total{reward}}: samples answered from the result cache</li>
 *   <li>{@code arbiter_rejected_requests_total{endpoint,reason}}: requests refused before scoring: {@code overload},
 *       {@code shutting_down}, {@code body_too_large}, {@code batch_too_large}, {@code unauthorized}, ...</li>
 *   <li>{@code arbiter_queue_depth}, {@code arbiter_samples_admitted}, {@code arbiter_queue_capacity},
 *       {@code arbiter_workers_busy}, {@code arbiter_workers}: the engine's state now</li>
 *   <li>{@code arbiter_evaluations_abandoned_total}: evaluations the watchdog abandoned</li>
 *   <li>{@code arbiter_buffered_request_bytes}: request bodies held in memory now</li>
 *   <li>JVM memory and threads, process CPU and uptime</li>
 * </ul>
 * Thread-safe.
 */
final class ServerMetrics implements ScoringEngine.Listener {
    private static final Duration[] LATENCY_SLOS = {
            Duration.ofNanos(100_000), Duration.ofNanos(250_000), Duration.ofNanos(500_000), Duration.ofMillis(1),
            Duration.ofNanos(2_500_000), Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofNanos(25_000_000),
            Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
            Duration.ofSeconds(1), Duration.ofNanos(2_500_000_000L), Duration.ofSeconds(5), Duration.ofSeconds(10),
            Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofSeconds(120)};

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Map<String, PerSpec> perSpec = new ConcurrentHashMap<>();
    private final Map<String, Timer> requestTimers = new ConcurrentHashMap<>();
    private final Map<String, Counter> requestCounters = new ConcurrentHashMap<>();
    private final Map<String, Counter> rejections = new ConcurrentHashMap<>();

    private record PerSpec(Map<Status, Counter> answered, Timer duration, Counter cacheHits) {
    }

    ServerMetrics(List<NamedSpec> specs) {
        for (NamedSpec s : specs) {
            Map<Status, Counter> byStatus = new EnumMap<>(Status.class);
            for (Status st : Status.values()) {
                byStatus.put(st, Counter.builder("arbiter.samples").description("samples answered, by reward and status")
                        .tag("reward", s.name()).tag("status", st.wireName()).register(registry));
            }
            Timer t = Timer.builder("arbiter.sample.duration").description("scoring time of one sample")
                    .tag("reward", s.name()).serviceLevelObjectives(LATENCY_SLOS).register(registry);
            Counter hits = Counter.builder("arbiter.cache.hits").description("samples answered from the result cache")
                    .tag("reward", s.name()).register(registry);
            perSpec.put(s.name(), new PerSpec(byStatus, t, hits));
        }
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    /** Gauges of the engine's and the front's state. */
    void bindEngine(ScoringEngine engine, LongSupplier bufferedBytes) {
        Gauge.builder("arbiter.queue.depth", engine, ScoringEngine::queueDepth)
                .description("samples admitted and waiting for a worker").register(registry);
        Gauge.builder("arbiter.samples.admitted", engine, ScoringEngine::admitted)
                .description("samples admitted and not yet finished (waiting plus running)").register(registry);
        Gauge.builder("arbiter.queue.capacity", engine, ScoringEngine::capacity)
                .description("the most samples admitted at once").register(registry);
        Gauge.builder("arbiter.workers.busy", engine, ScoringEngine::busyWorkers)
                .description("evaluations running now").register(registry);
        Gauge.builder("arbiter.workers", engine, ScoringEngine::workers)
                .description("evaluations that may run at once").register(registry);
        FunctionCounter.builder("arbiter.evaluations.abandoned", engine, ScoringEngine::abandonedCount)
                .description("evaluations abandoned by the watchdog past their hard deadline").register(registry);
        Gauge.builder("arbiter.buffered.request.bytes", bufferedBytes, s -> s.getAsLong())
                .description("request bodies held in memory now").baseUnit("bytes").register(registry);
    }

    @Override
    public void answered(NamedSpec spec, RewardResult result, long nanos, boolean cached) {
        PerSpec p = perSpec.get(spec.name());
        if (p == null) {
            return;
        }
        p.answered.get(result.status()).increment();
        if (nanos >= 0) {
            p.duration.record(nanos, TimeUnit.NANOSECONDS);
        }
        if (cached) {
            p.cacheHits.increment();
        }
    }

    /** One answered request. */
    void request(String endpoint, int status, long nanos) {
        requestCounters.computeIfAbsent(endpoint + '\u0000' + status, k -> Counter.builder("arbiter.http.requests")
                .description("HTTP requests answered, by endpoint and status").tag("endpoint", endpoint)
                .tag("status", Integer.toString(status)).register(registry)).increment();
        requestTimers.computeIfAbsent(endpoint, k -> Timer.builder("arbiter.http.request.duration")
                .description("HTTP request latency").tag("endpoint", endpoint).serviceLevelObjectives(LATENCY_SLOS)
                .register(registry)).record(nanos, TimeUnit.NANOSECONDS);
    }

    /** One request refused before scoring. */
    void rejected(String endpoint, String reason) {
        rejections.computeIfAbsent(endpoint + '\u0000' + reason, k -> Counter.builder("arbiter.rejected.requests")
                .description("requests refused before scoring, by endpoint and reason").tag("endpoint", endpoint)
                .tag("reason", reason).register(registry)).increment();
    }

    /** The Prometheus text exposition (format 0.0.4). */
    String scrape() {
        return registry.scrape();
    }

    void close() {
        registry.close();
    }
}
