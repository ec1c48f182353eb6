package dev.arbiter.server;

import dev.arbiter.core.spec.RewardSpec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Everything {@link ArbiterServer#start} needs. Immutable; build it with {@link #builder()}, which starts from the
 * defaults below and checks each value when it is set. The compact constructor checks the combination.
 *
 * @param host                  the address to bind; {@code 127.0.0.1} unless the operator says otherwise
 * @param port                  the TCP port; 0 picks a free one (see {@link ArbiterServer#port()})
 * @param specs                 name → spec, in order; the first is the default for {@code POST /v1/score} and the
 *                              drop-in endpoints; never empty. Names are {@code [A-Za-z0-9_.-]+}
 * @param token                 the bearer token every endpoint but {@code /healthz} and {@code /readyz} requires;
 *                              {@code null} for none
 * @param maxBodyBytes          a request body over this is answered 413 without being read
 * @param maxBatchSize          a request carrying more samples is answered 413
 * @param queueCapacity         samples admitted and not yet scored (waiting plus running), across all requests; a
 *                              request that does not fit is answered 503 with {@code Retry-After}. At least
 *                              {@code maxBatchSize}
 * @param workerThreads         samples scored at once (the engine's worker pool)
 * @param maxBufferedBytes      request bodies held in memory at once, across all connections; a request whose body
 *                              would not fit is answered 503 before its body is read
 * @param cacheSize             entries of the result cache (keyed by spec signature and sample content); 0 turns
 *                              it off
 * @param requestDeadline       how long a request may take when it names no deadline of its own
 * @param maxRequestDeadline    the longest deadline a request may ask for (header {@code X-Arbiter-Deadline-Ms} or
 *                              body field {@code deadline_ms}); longer asks are capped to it
 * @param shutdownGrace         how long {@link ArbiterServer#close()} lets in-flight requests finish
 * @param retryAfter            the {@code Retry-After} sent with 503 answers
 * @param serviceThreads        threads that run {@link dev.arbiter.core.service.ServiceEndpoint} requests
 * @param endOfTextMarkers      markers stripped from the end of OpenRLHF responses (EOS and chat-template ends)
 */
public record ServerConfig(String host, int port, Map<String, RewardSpec> specs, String token, long maxBodyBytes,
                           int maxBatchSize, int queueCapacity, int workerThreads, long maxBufferedBytes,
                           long cacheSize, Duration requestDeadline, Duration maxRequestDeadline,
                           Duration shutdownGrace, Duration retryAfter, int serviceThreads,
                           List<String> endOfTextMarkers) {

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8000;
    public static final long DEFAULT_MAX_BODY_BYTES = 64L << 20;
    /** The largest body limit: a body is held in one array. */
    public static final long MAX_BODY_LIMIT = Integer.MAX_VALUE - 16;
    public static final int DEFAULT_MAX_BATCH_SIZE = 8192;
    public static final long DEFAULT_CACHE_SIZE = 0;
    public static final Duration DEFAULT_REQUEST_DEADLINE = Duration.ofSeconds(60);
    /** Below OpenRLHF's 180 s client timeout, so a slow answer still arrives before the client gives up. */
    public static final Duration DEFAULT_MAX_REQUEST_DEADLINE = Duration.ofSeconds(170);
    public static final Duration DEFAULT_SHUTDOWN_GRACE = Duration.ofSeconds(20);
    public static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(1);
    public static final int DEFAULT_SERVICE_THREADS = 32;
    /** EOS tokens and chat-template end markers of the common model families. */
    public static final List<String> DEFAULT_END_OF_TEXT_MARKERS = List.of("<|im_end|>", "<|endoftext|>",
            "<|end_of_text|>", "<|eot_id|>", "<|eom_id|>", "</s>", "<eos>", "<end_of_turn>", "<|end|>",
            "<｜end▁of▁sentence｜>", "<|end▁of▁sentence|>", "<|return|>");

    private static final Pattern SPEC_NAME = Pattern.compile("[A-Za-z0-9_.-]+");

    public ServerConfig {
        Objects.requireNonNull(host, "host");
        if (host.isBlank()) {
            throw new IllegalArgumentException("host must not be blank");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port (" + port + ") must be 0..65535");
        }
        Objects.requireNonNull(specs, "specs");
        if (specs.isEmpty()) {
            throw new IllegalArgumentException("at least one spec must be loaded");
        }
        for (Map.Entry<String, RewardSpec> e : specs.entrySet()) {
            if (!SPEC_NAME.matcher(e.getKey()).matches()) {
                throw new IllegalArgumentException("spec name '" + e.getKey() + "' must match [A-Za-z0-9_.-]+");
            }
            Objects.requireNonNull(e.getValue(), "spec " + e.getKey());
        }
        specs = Collections.unmodifiableMap(new LinkedHashMap<>(specs));
        if (token != null && token.isBlank()) {
            throw new IllegalArgumentException("the token must not be blank (use null for no authentication)");
        }
        positive("maxBodyBytes", maxBodyBytes);
        if (maxBodyBytes > MAX_BODY_LIMIT) {
            throw new IllegalArgumentException("maxBodyBytes (" + maxBodyBytes + ") must be at most " + MAX_BODY_LIMIT
                    + " (a body is held in one array)");
        }
        positive("maxBatchSize", maxBatchSize);
        positive("queueCapacity", queueCapacity);
        positive("workerThreads", workerThreads);
        positive("serviceThreads", serviceThreads);
        if (queueCapacity < maxBatchSize) {
            throw new IllegalArgumentException("queueCapacity (" + queueCapacity + ") must be at least maxBatchSize ("
                    + maxBatchSize + "), or a full batch could never be admitted");
        }
        if (maxBufferedBytes < maxBodyBytes) {
            throw new IllegalArgumentException("maxBufferedBytes (" + maxBufferedBytes + ") must be at least "
                    + "maxBodyBytes (" + maxBodyBytes + ")");
        }
        if (cacheSize < 0) {
            throw new IllegalArgumentException("cacheSize (" + cacheSize + ") must not be negative");
        }
        positive("requestDeadline", requestDeadline);
        positive("maxRequestDeadline", maxRequestDeadline);
        if (requestDeadline.compareTo(maxRequestDeadline) > 0) {
            throw new IllegalArgumentException("requestDeadline (" + requestDeadline + ") must not exceed "
                    + "maxRequestDeadline (" + maxRequestDeadline + ")");
        }
        Objects.requireNonNull(shutdownGrace, "shutdownGrace");
        if (shutdownGrace.isNegative()) {
            throw new IllegalArgumentException("shutdownGrace must not be negative");
        }
        positive("retryAfter", retryAfter);
        endOfTextMarkers = List.copyOf(endOfTextMarkers);
    }

    /** A builder with the defaults: 127.0.0.1:8000, no token, worker threads = cores. */
    public static Builder builder() {
        return new Builder();
    }

    /** The spec {@code POST /v1/score} and the drop-ins use when the request names none: the first one. */
    public String defaultSpecName() {
        return specs.keySet().iterator().next();
    }

    @Override
    public String toString() {
        return "ServerConfig[host=" + host + ", port=" + port + ", specs=" + specs.keySet() + ", token="
                + (token == null ? "none" : "set") + ", maxBodyBytes=" + maxBodyBytes + ", maxBatchSize=" + maxBatchSize
                + ", queueCapacity=" + queueCapacity + ", workerThreads=" + workerThreads + ", maxBufferedBytes="
                + maxBufferedBytes + ", cacheSize=" + cacheSize + ", requestDeadline=" + requestDeadline
                + ", maxRequestDeadline=" + maxRequestDeadline + ", shutdownGrace=" + shutdownGrace + "]";
    }

    /**
     * Reads a token file: its content with surrounding whitespace removed.
     *
     * @throws IllegalArgumentException when the file is empty
     * @throws UncheckedIOException     when it cannot be read
     */
    public static String readTokenFile(Path file) {
        String token;
        try {
            token = Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the token file " + file + ": " + e.getMessage(), e);
        }
        if (token.isEmpty()) {
            throw new IllegalArgumentException("the token file " + file + " is empty");
        }
        if (token.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
            throw new IllegalArgumentException("the token in " + file + " must be one line of printable ASCII "
                    + "without spaces");
        }
        return token;
    }

    private static void positive(String name, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " (" + value + ") must be positive");
        }
    }

    private static void positive(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(name + " (" + value + ") must be positive");
        }
    }

    /** Builds a {@link ServerConfig}; each setter checks its argument. Not thread-safe. */
    public static final class Builder {
        private String host = DEFAULT_HOST;
        private int port = DEFAULT_PORT;
        private final Map<String, RewardSpec> specs = new LinkedHashMap<>();
        private String token;
        private long maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
        private int maxBatchSize = DEFAULT_MAX_BATCH_SIZE;
        private Integer queueCapacity;
        private int workerThreads = Runtime.getRuntime().availableProcessors();
        private Long maxBufferedBytes;
        private long cacheSize = DEFAULT_CACHE_SIZE;
        private Duration requestDeadline = DEFAULT_REQUEST_DEADLINE;
        private Duration maxRequestDeadline = DEFAULT_MAX_REQUEST_DEADLINE;
        private Duration shutdownGrace = DEFAULT_SHUTDOWN_GRACE;
        private Duration retryAfter = DEFAULT_RETRY_AFTER;
        private int serviceThreads = DEFAULT_SERVICE_THREADS;
        private List<String> endOfTextMarkers = DEFAULT_END_OF_TEXT_MARKERS;

        private Builder() {
        }

        public Builder host(String value) {
            host = Objects.requireNonNull(value, "host");
            return this;
        }

        public Builder port(int value) {
            port = value;
            return this;
        }

        /** Adds a named spec; the first added is the default. A name given twice is an error. */
        public Builder spec(String name, RewardSpec spec) {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(spec, "spec");
            if (specs.putIfAbsent(name, spec) != null) {
                throw new IllegalArgumentException("spec name '" + name + "' is given twice");
            }
            return this;
        }

        /** The bearer token; {@code null} turns authentication off. */
        public Builder token(String value) {
            token = value;
            return this;
        }

        /** Reads the bearer token from a file (see {@link ServerConfig#readTokenFile}). */
        public Builder tokenFile(Path file) {
            token = readTokenFile(file);
            return this;
        }

        public Builder maxBodyBytes(long value) {
            maxBodyBytes = value;
            return this;
        }

        public Builder maxBatchSize(int value) {
            maxBatchSize = value;
            return this;
        }

        /** Default: 4 × maxBatchSize. */
        public Builder queueCapacity(int value) {
            queueCapacity = value;
            return this;
        }

        public Builder workerThreads(int value) {
            workerThreads = value;
            return this;
        }

        /** Default: 4 × maxBodyBytes. */
        public Builder maxBufferedBytes(long value) {
            maxBufferedBytes = value;
            return this;
        }

        public Builder cacheSize(long value) {
            cacheSize = value;
            return this;
        }

        public Builder requestDeadline(Duration value) {
            requestDeadline = value;
            return this;
        }

        public Builder maxRequestDeadline(Duration value) {
            maxRequestDeadline = value;
            return this;
        }

        public Builder shutdownGrace(Duration value) {
            shutdownGrace = value;
            return this;
        }

        public Builder retryAfter(Duration value) {
            retryAfter = value;
            return this;
        }

        public Builder serviceThreads(int value) {
            serviceThreads = value;
            return this;
        }

        public Builder endOfTextMarkers(List<String> value) {
            endOfTextMarkers = List.copyOf(value);
            return this;
        }

        public ServerConfig build() {
            int capacity = queueCapacity != null ? queueCapacity : (int) Math.min(Integer.MAX_VALUE, 4L * maxBatchSize);
            long buffered = maxBufferedBytes != null ? maxBufferedBytes : 4 * maxBodyBytes;
            return new ServerConfig(host, port, specs, token, maxBodyBytes, maxBatchSize, capacity, workerThreads,
                    buffered, cacheSize, requestDeadline, maxRequestDeadline, shutdownGrace, retryAfter,
                    serviceThreads, endOfTextMarkers);
        }
    }
}
