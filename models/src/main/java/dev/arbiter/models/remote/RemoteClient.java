package dev.arbiter.models.remote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.arbiter.core.Deadline;
import dev.arbiter.core.DeadlineExceededException;
import dev.arbiter.core.Ticker;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Posts JSON to one endpoint and returns its JSON answer, with everything a shared remote model needs:
 * <ul>
 *   <li><b>bounded concurrency</b>: at most {@code max_concurrency} requests in flight; the rest wait, never past
 *       their deadline;</li>
 *   <li><b>timeouts</b>: each attempt waits at most {@code timeout}, and never past the sample's deadline, whose
 *       expiry is reported as {@link DeadlineExceededException} (a {@code timeout} status);</li>
 *   <li><b>retries</b> on 429, 5xx, connection failures and timeouts, with exponential backoff and jitter, honouring
 *       {@code Retry-After}; other 4xx and unreadable answers are not retried;</li>
 *   <li>a <b>circuit breaker</b> ({@link CircuitBreaker}) that fails fast while the endpoint is down;</li>
 *   <li>a bounded <b>content cache</b> ({@link ResponseCache}): the same request body is sent once.</li>
 * </ul>
 * Time comes from an injected {@link Ticker} and waits go through an injected {@link Sleeper}, so tests drive
 * backoff and the breaker without sleeping. The API key goes only into the {@code Authorization} header. Thread-safe.
 */
public final class RemoteClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int EXCERPT = 300;

    private final EndpointConfig config;
    private final Secret secret;
    private final HttpTransport transport;
    private final Sleeper sleeper;
    private final Random jitter;
    private final boolean useJitter;
    private final Semaphore permits;
    private final CircuitBreaker breaker;
    private final ResponseCache cache;
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();

    public RemoteClient(EndpointConfig config, Secret secret, HttpTransport transport, Ticker ticker, Sleeper sleeper,
                        Random jitter) {
        this.config = config;
        this.secret = secret;
        this.transport = transport;
        this.sleeper = sleeper;
        this.jitter = jitter;
        this.useJitter = jitter != null;
        this.permits = new Semaphore(config.maxConcurrency(), true);
        this.breaker = new CircuitBreaker(config.breakerFailures(), config.breakerCooldown(), ticker);
        this.cache = new ResponseCache(config.cacheSize());
    }

    /** The production wiring: JDK HttpClient, system clock and sleep, jittered backoff. */
    public static RemoteClient create(EndpointConfig config, Secret secret) {
        return new RemoteClient(config, secret, HttpTransport.jdk(config.connectTimeout()), Ticker.system(),
                Sleeper.system(), new Random());
    }

    public EndpointConfig config() {
        return config;
    }

    public CircuitBreaker breaker() {
        return breaker;
    }

    public ResponseCache cache() {
        return cache;
    }

    /** HTTP requests sent (cache hits and breaker refusals send none). */
    public long requestsSent() {
        return requests.get();
    }

    public long retriesMade() {
        return retries.get();
    }

    /**
     * Posts {@code body} to {@code path} under the base URL and returns the parsed answer (shared with the cache:
     * read it, do not change it).
     *
     * @throws RemoteException            when the endpoint fails for good (the message names the last failure)
     * @throws DeadlineExceededException  when the deadline passes first
     */
    public JsonNode post(String path, JsonNode body, Deadline deadline) {
        byte[] bytes;
        try {
            bytes = JSON.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new dev.arbiter.core.InvalidInputException("the request cannot be written as JSON ("
                    + e.getClass().getSimpleName() + "); the text may hold unpaired surrogates");
        }
        String key = ResponseCache.key(path, bytes);
        JsonNode cached = cache.get(key);
        if (cached != null) {
            return cached;
        }
        URI uri = config.resolve(path);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("Accept", "application/json");
        if (secret.isPresent()) {
            headers.put("Authorization", "Bearer " + secret.reveal());
        }
        String last = "no attempt made";
        int lastStatus = 0;
        for (int attempt = 1; attempt <= config.maxAttempts(); attempt++) {
            deadline.check();
            if (!breaker.tryAcquire()) {
                throw new RemoteException("circuit open for " + uri.getHost() + ":" + uri.getPort() + " after "
                        + breaker.consecutiveFailures() + " failed attempts in a row; next probe in "
                        + breaker.retryIn().toMillis() + " ms (last failure: " + last + ")", lastStatus, null);
            }
            Optional<String> retryAfter = Optional.empty();
            boolean acquired = false;
            try {
                Duration remaining = deadline.remaining();
                boolean deadlineBound = remaining.compareTo(config.timeout()) < 0;
                Duration timeout = deadlineBound ? remaining : config.timeout();
                if (timeout.isZero() || timeout.isNegative()) {
                    breaker.onNeutral();
                    throw new DeadlineExceededException("the time budget ran out before calling " + uri.getPath());
                }
                acquired = permits.tryAcquire(timeout.toNanos(), TimeUnit.NANOSECONDS);
                if (!acquired) {
                    breaker.onNeutral();
                    if (deadlineBound) {
                        throw new DeadlineExceededException("the time budget ran out waiting for one of "
                                + config.maxConcurrency() + " request slots to " + uri.getPath());
                    }
                    throw new RemoteException("all " + config.maxConcurrency() + " request slots to " + uri.getPath()
                            + " stayed busy for " + config.timeout().toMillis() + " ms");
                }
                requests.incrementAndGet();
                HttpTransport.Reply reply = null;
                try {
                    reply = transport.post(uri, bytes, headers, timeout);
                } catch (HttpTimeoutException e) {
                    breaker.onFailure();
                    if (deadlineBound) {
                        throw new DeadlineExceededException("the time budget ran out waiting for " + uri.getPath());
                    }
                    last = "no answer within " + timeout.toMillis() + " ms";
                    lastStatus = 0;
                } catch (IOException e) {
                    breaker.onFailure();
                    last = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
                    lastStatus = 0;
                }
                int st = reply == null ? 0 : reply.status();
                lastStatus = st;
                if (st >= 200 && st < 300) {
                    JsonNode parsed;
                    try {
                        parsed = JSON.readTree(reply.body());
                    } catch (IOException e) {
                        parsed = null;
                    }
                    breaker.onSuccess();
                    if (parsed == null || parsed.isMissingNode() || !parsed.isContainerNode()) {
                        String raw = excerpt(reply.body());
                        throw new RemoteException("the answer from " + uri.getPath() + " is not a JSON object: " + raw, st, raw);
                    }
                    cache.put(key, parsed);
                    return parsed;
                }
                if (reply == null) {
                    // a timeout or connection failure, recorded above: retry
                } else if (st == 429) {
                    breaker.onNeutral();
                    retryAfter = reply.retryAfter();
                    last = "HTTP 429 (rate limited)";
                } else if (st >= 500) {
                    breaker.onFailure();
                    last = "HTTP " + st + ": " + excerpt(reply.body());
                } else {
                    breaker.onSuccess();
                    String raw = excerpt(reply.body());
                    throw new RemoteException("HTTP " + st + " from " + uri.getPath() + ": " + raw, st, raw);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DeadlineExceededException("interrupted while calling " + uri.getPath());
            } finally {
                if (acquired) {
                    permits.release();
                }
            }
            if (attempt < config.maxAttempts()) {
                Duration delay = backoff(attempt, retryAfter);
                if (delay.compareTo(deadline.remaining()) >= 0) {
                    throw new DeadlineExceededException("the time budget would run out while backing off "
                            + delay.toMillis() + " ms after " + last);
                }
                retries.incrementAndGet();
                try {
                    sleeper.sleep(delay);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new DeadlineExceededException("interrupted while backing off after " + last);
                }
            }
        }
        throw new RemoteException(uri.getPath() + " failed after " + config.maxAttempts() + " attempts; last: " + last,
                lastStatus, null);
    }

    /** The delay before attempt {@code attempt + 1}: Retry-After when given (capped), else exponential with jitter. */
    Duration backoff(int attempt, Optional<String> retryAfter) {
        long cap = config.maxBackoff().toNanos();
        if (retryAfter.isPresent()) {
            try {
                double seconds = Double.parseDouble(retryAfter.get().strip());
                if (seconds >= 0) {
                    return Duration.ofNanos(Math.min(cap, (long) (seconds * 1e9)));
                }
            } catch (NumberFormatException ignored) {
                // an HTTP date: fall back to exponential backoff
            }
        }
        long base = config.backoff().toNanos();
        long d = base << Math.min(30, attempt - 1);
        if (d < 0 || d > cap) {
            d = cap;
        }
        if (useJitter) {
            synchronized (jitter) {
                d = d / 2 + (long) (jitter.nextDouble() * (d / 2.0));
            }
        }
        return Duration.ofNanos(d);
    }

    static String excerpt(byte[] body) {
        if (body == null) {
            return "";
        }
        String s = new String(body, StandardCharsets.UTF_8);
        return s.length() <= EXCERPT ? s : s.substring(0, EXCERPT) + "…";
    }
}
