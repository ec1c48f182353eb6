package dev.arbiter.server;

import dev.arbiter.core.spec.RewardFactory;
import dev.arbiter.core.spec.RewardRegistry;
import dev.arbiter.core.spec.RewardSpec;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * A server in its own JVM for {@link ShutdownTest}'s SIGTERM test, as {@code arbiter serve} runs it: the shutdown hook
 * installed, the main thread in {@link ArbiterServer#awaitShutdown()}. Prints {@code port N}, then {@code arrived}
 * when a sample waits at the gate; the line {@code open} on stdin opens the gate.
 */
public final class ServeForTest {
    private ServeForTest() {
    }

    public static void main(String[] args) throws Exception {
        GateReward gate = new GateReward();
        List<RewardFactory> factories = new ArrayList<>();
        ServiceLoader.load(RewardFactory.class).forEach(factories::add);
        factories.add(gate);
        RewardRegistry registry = new RewardRegistry(factories);
        ServerConfig config = ServerConfig.builder().port(0).workerThreads(2)
                .spec("gate", RewardSpec.resolve("{type: test_gate, deadline: 30s}", registry))
                .shutdownGrace(Duration.ofSeconds(20)).build();
        ArbiterServer server = ArbiterServer.start(config, registry);
        server.installShutdownHook();
        System.out.println("port " + server.port());
        System.out.flush();
        Thread arrivals = new Thread(() -> {
            try {
                gate.awaitArrivals(1);
                System.out.println("arrived");
                System.out.flush();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        arrivals.setDaemon(true);
        arrivals.start();
        Thread opener = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    if (line.equals("open")) {
                        gate.open();
                    }
                }
            } catch (java.io.IOException e) {
                // stdin closed: nothing more to open
            }
        });
        opener.setDaemon(true);
        opener.start();
        server.awaitShutdown();
    }
}
