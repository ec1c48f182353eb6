package dev.arbiter.server;

import dev.arbiter.core.Ticker;
import dev.arbiter.core.service.ServiceEndpoint;
import dev.arbiter.core.spec.RewardRegistry;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.handlers.HttpContinueReadHandler;
import org.xnio.Options;

import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A running reward server: the HTTP API RL trainers call. Start one with {@link #start(ServerConfig, RewardRegistry)};
 * it serves until {@link #close()}.
 *
 * <pre>
 * RewardRegistry registry = RewardRegistry.fromServiceLoader();
 * ServerConfig config = ServerConfig.builder()
 *         .spec("default", RewardSpec.resolve("examples/spec.yaml", registry))
 *         .port(8000)
 *         .build();
 * ArbiterServer server = ArbiterServer.start(config, registry);
 * server.installShutdownHook();   // SIGTERM: stop accepting, finish in-flight work within the grace period
 * server.awaitShutdown();         // blocks until closed
 * </pre>
 *
 * <p>Shutting down ({@link #close(Duration)}): readiness turns 503, every new request (but the health probes) is
 * answered 503 with {@code Connection: close}, and requests in flight are scored to the end. When the grace period runs out first, their unanswered samples are answered {@code timeout} ("shutting
 * down"), so no accepted request goes unanswered; then connections and workers stop. Thread-safe.
 */
public final class ArbiterServer implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ArbiterServer.class.getName());
    /**
     * Undertow and XNIO announce their versions at INFO on every start; held here (JUL keeps loggers weakly) so the
     * WARNING level set below stays, unless logging configuration already set a level for them.
     */
    private static final List<Logger> QUIETED = List.of(Logger.getLogger("io.undertow"), Logger.getLogger("org.xnio"));

    static {
        for (Logger l : QUIETED) {
            if (l.getLevel() == null) {
                l.setLevel(Level.WARNING);
            }
        }
    }
    /** How long forced answers may take to reach their clients before connections are cut. */
    private static final Duration FLUSH_AFTER_EXPIRY = Duration.ofSeconds(2);

    private final ServerConfig config;
    private final Undertow undertow;
    private final HttpFront front;
    private final ScoringEngine engine;
    private final ServerMetrics metrics;
    private final ExecutorService parsePool;
    private final ExecutorService servicePool;
    private final InetSocketAddress address;
    /** Service endpoints this server loaded itself, and so closes. */
    private final List<ServiceEndpoint> ownedServices;
    private final CountDownLatch closed = new CountDownLatch(1);
    private final Object closeLock = new Object();
    private boolean closing;
    private boolean drainedCleanly;
    private Thread shutdownHook;

    private ArbiterServer(ServerConfig config, RewardRegistry registry, List<ServiceEndpoint> services,
                          boolean ownsServices) {
        this.config = config;
        this.ownedServices = ownsServices ? services : List.of();
        LoadedSpecs specs = new LoadedSpecs(config.specs());
        this.metrics = new ServerMetrics(specs.all());
        this.engine = new ScoringEngine(config.workerThreads(), config.queueCapacity(), config.cacheSize(), metrics,
                Ticker.system());
        int parsers = Math.max(1, config.workerThreads());
        this.parsePool = pool("arbiter-parse", parsers, 4 * parsers);
        this.servicePool = pool("arbiter-service", config.serviceThreads(), 4 * config.serviceThreads());
        try {
            this.front = new HttpFront(config, specs, engine, metrics, services, new RewardCatalog(registry), parsePool,
                    servicePool);
            metrics.bindEngine(engine, front::bufferedBytes);
            this.undertow = Undertow.builder()
                    .addHttpListener(config.port(), config.host())
                    .setIoThreads(Math.max(2, Math.min(4, Runtime.getRuntime().availableProcessors())))
                    .setWorkerThreads(2)
                    .setServerOption(UndertowOptions.NO_REQUEST_TIMEOUT, 60_000)
                    .setServerOption(UndertowOptions.REQUEST_PARSE_TIMEOUT, 30_000)
                    .setServerOption(UndertowOptions.ENABLE_HTTP2, false)
                    .setSocketOption(Options.TCP_NODELAY, true)
                    .setSocketOption(Options.BACKLOG, 1024)
                    .setServerOption(Options.CONNECTION_HIGH_WATER, 10_000)
                    .setServerOption(Options.CONNECTION_LOW_WATER, 9_000)
                    .setHandler(new HttpContinueReadHandler(front))
                    .build();
            try {
                undertow.start();
            } catch (RuntimeException e) {
                throw new IllegalStateException("cannot listen on " + config.host() + ":" + config.port() + ": "
                        + rootMessage(e), e);
            }
        } catch (RuntimeException e) {
            engine.close();
            parsePool.shutdownNow();
            servicePool.shutdownNow();
            metrics.close();
            closeOwnedServices();
            throw e;
        }
        this.address = (InetSocketAddress) undertow.getListenerInfo().get(0).getAddress();
    }

    /**
     * Starts a server for {@code config}, mounting every {@link ServiceEndpoint} that {@link ServiceLoader} finds; the
     * server closes those that are {@link AutoCloseable} when it stops.
     *
     * @param registry the build's reward types, listed by {@code GET /v1/rewards}
     * @throws IllegalStateException when the address cannot be bound or two endpoints want the same path
     */
    public static ArbiterServer start(ServerConfig config, RewardRegistry registry) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(registry, "registry");
        List<ServiceEndpoint> found = new ArrayList<>();
        ServiceLoader.load(ServiceEndpoint.class, ArbiterServer.class.getClassLoader()).forEach(found::add);
        return new ArbiterServer(config, registry, List.copyOf(found), true);
    }

    /**
     * Starts a server with exactly {@code services} mounted (each at its path, POST, behind auth and body limits).
     * The caller keeps ownership of them: the server does not close them.
     */
    public static ArbiterServer start(ServerConfig config, RewardRegistry registry, List<ServiceEndpoint> services) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(registry, "registry");
        return new ArbiterServer(config, registry, List.copyOf(services), false);
    }

    /** The bound port (the chosen one when the config said 0). */
    public int port() {
        return address.getPort();
    }

    public String host() {
        return config.host();
    }

    /** {@code http://host:port}, for clients. */
    public URI uri() {
        String h = address.getAddress().isAnyLocalAddress() ? "127.0.0.1" : address.getAddress().getHostAddress();
        if (h.indexOf(':') >= 0) {
            h = "[" + h + "]";
        }
        return URI.create("http://" + h + ":" + port());
    }

    public ServerConfig config() {
        return config;
    }

    /** The scoring engine behind the endpoints (for in-process use beside the server, and for tests). */
    public ScoringEngine engine() {
        return engine;
    }

    /**
     * Registers a JVM shutdown hook (run on SIGTERM and SIGINT) that closes the server gracefully with the configured
     * grace. Idempotent; {@link #close} removes the hook again.
     */
    public void installShutdownHook() {
        synchronized (closeLock) {
            if (shutdownHook != null || closing) {
                return;
            }
            shutdownHook = new Thread(() -> close(config.shutdownGrace()), "arbiter-shutdown");
            Runtime.getRuntime().addShutdownHook(shutdownHook);
        }
    }

    /** Blocks until the server has closed. */
    public void awaitShutdown() throws InterruptedException {
        closed.await();
    }

    /** Whether the server has finished closing. */
    public boolean isClosed() {
        return closed.getCount() == 0;
    }

    /** Closes with the configured grace period (see {@link #close(Duration)}). */
    @Override
    public void close() {
        close(config.shutdownGrace());
    }

    /**
     * Closes gracefully: stops accepting, lets in-flight requests finish for up to {@code grace}, answers what is
     * left as {@code timeout}, then stops. A second call waits for the first to finish.
     *
     * @return true when every in-flight request finished within the grace period
     */
    public boolean close(Duration grace) {
        synchronized (closeLock) {
            if (closing) {
                try {
                    closed.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return drainedCleanly;
            }
            closing = true;
        }
        boolean clean = false;
        try {
            // Keep accepting connections but answer them 503 with Connection: close: a suspended listener would leave
            // new connections hanging in the kernel's backlog instead of failing fast for the client to retry.
            front.startDraining();
            clean = front.awaitIdle(grace);
            if (!clean) {
                front.expireAll("the server is shutting down and its grace period of " + grace.toMillis()
                        + " ms ran out before this sample was scored");
                front.awaitIdle(FLUSH_AFTER_EXPIRY);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            stopEverything();
            synchronized (closeLock) {
                drainedCleanly = clean;
            }
            removeShutdownHook();
            closed.countDown();
        }
        return clean;
    }

    private void stopEverything() {
        try {
            undertow.stop();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "stopping the HTTP listener failed", e);
        }
        engine.close();
        parsePool.shutdownNow();
        servicePool.shutdownNow();
        metrics.close();
        closeOwnedServices();
    }

    private void closeOwnedServices() {
        for (ServiceEndpoint s : ownedServices) {
            if (s instanceof AutoCloseable c) {
                try {
                    c.close();
                } catch (Exception e) {
                    LOG.log(Level.WARNING, "closing the service endpoint " + s.path() + " failed", e);
                }
            }
        }
    }

    private void removeShutdownHook() {
        Thread hook;
        synchronized (closeLock) {
            hook = shutdownHook;
            shutdownHook = null;
        }
        if (hook == null || hook == Thread.currentThread()) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down; the hook is running or will find the server closed
        }
    }

    private static ExecutorService pool(String name, int threads, int queue) {
        AtomicInteger n = new AtomicInteger();
        ThreadPoolExecutor p = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(queue), r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        }, new ThreadPoolExecutor.AbortPolicy());
        p.allowCoreThreadTimeOut(true);
        return p;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }
}
