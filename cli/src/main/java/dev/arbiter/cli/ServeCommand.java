package dev.arbiter.cli;

import dev.arbiter.core.spec.RewardRegistry;
import dev.arbiter.core.spec.RewardSpec;
import dev.arbiter.core.spec.SpecException;
import dev.arbiter.server.ArbiterServer;
import dev.arbiter.server.ServerConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code arbiter serve}: the reward server (native API and trainer drop-ins; see server/README.md). */
@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Serve reward specs over HTTP: POST /v1/score, verl compute_score, OpenRLHF /get_reward, TRL, slime,",
                "every family endpoint such as SandboxFusion's /run_code; /healthz, /readyz, /metrics. SIGTERM drains and exits."})
final class ServeCommand implements Callable<Integer> {
    @Option(names = "--spec", required = true, paramLabel = "[NAME=]SPEC",
            description = "A spec to serve (repeatable); NAME=SPEC serves it at /v1/score/NAME; the first is the default.")
    List<String> specs;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to bind (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", defaultValue = "8000", description = "Port (default: ${DEFAULT-VALUE}; 0 = any free port).")
    int port;

    @Option(names = "--token-file", paramLabel = "FILE", description = "Require 'Authorization: Bearer <token>' on all but health.")
    Path tokenFile;

    @Option(names = "--max-body-bytes", paramLabel = "N", description = "Largest request body (default 64 MiB).")
    Long maxBodyBytes;

    @Option(names = "--max-batch-size", paramLabel = "N", description = "Most samples in one request (default 8192).")
    Integer maxBatchSize;

    @Option(names = "--queue-capacity", paramLabel = "N", description = "Samples waiting at most before 503 (default 4 × max batch).")
    Integer queueCapacity;

    @Option(names = "--workers", paramLabel = "N", description = "Scoring threads (default: cores).")
    Integer workers;

    @Option(names = "--cache-size", paramLabel = "N", defaultValue = "0", description = "Result cache entries (0 = none).")
    long cacheSize;

    @Option(names = "--shutdown-grace", paramLabel = "DURATION", defaultValue = "20s", description = "Time to finish in-flight work on SIGTERM.")
    String shutdownGrace;

    private final RewardRegistry registry;
    private final PrintStream err;

    ServeCommand(RewardRegistry registry, PrintStream err) {
        this.registry = registry;
        this.err = err;
    }

    @Override
    public Integer call() throws Exception {
        ServerConfig.Builder b = ServerConfig.builder().host(host).port(port).cacheSize(cacheSize);
        try {
            for (String s : specs) {
                int eq = s.indexOf('=');
                boolean named = eq > 0 && s.substring(0, eq).matches("[A-Za-z0-9_.-]+") && !s.strip().startsWith("{");
                String name = named ? s.substring(0, eq) : "default";
                b.spec(name, RewardSpec.resolve(named ? s.substring(eq + 1) : s, registry));
            }
        } catch (SpecException e) {
            err.println("arbiter: invalid spec: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        if (maxBodyBytes != null) {
            b.maxBodyBytes(maxBodyBytes);
        }
        if (maxBatchSize != null) {
            b.maxBatchSize(maxBatchSize);
        }
        if (queueCapacity != null) {
            b.queueCapacity(queueCapacity);
        }
        if (workers != null) {
            b.workerThreads(workers);
        }
        ServerConfig config;
        ArbiterServer server;
        try {
            if (tokenFile != null) {
                b.tokenFile(tokenFile);
            }
            b.shutdownGrace(SpecDurations.parse(shutdownGrace));
            config = b.build();
            server = ArbiterServer.start(config, registry);
        } catch (RuntimeException e) {
            err.println("arbiter: cannot serve: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        server.installShutdownHook();
        err.println("arbiter " + Version.text() + " serving on " + server.uri());
        for (var spec : config.specs().entrySet()) {
            err.println("  spec " + spec.getKey() + ": " + spec.getValue().signature());
        }
        server.awaitShutdown();
        registry.close();
        return ExitCodes.OK;
    }
}
