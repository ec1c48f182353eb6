package dev.arbiter.models.bench;

import dev.arbiter.core.Deadline;
import dev.arbiter.core.Prompt;
import dev.arbiter.models.Judge;
import dev.arbiter.models.ScriptedServer;
import dev.arbiter.models.ScriptedServer.Reply;
import dev.arbiter.models.onnx.OnnxRewardModel;
import dev.arbiter.models.onnx.TinyModels;
import dev.arbiter.models.remote.EndpointConfig;
import dev.arbiter.models.remote.OpenAiChat;
import dev.arbiter.models.remote.RemoteClient;
import dev.arbiter.models.remote.Secret;
import dev.arbiter.models.rm.ChatTemplate;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The module's figures (models/README.md): tiny-model ONNX scoring throughput at batch sizes 1/16/64, and the judge
 * client's overhead and throughput against the local scripted server with a fixed delay at concurrency 1/16/64.
 * Run: {@code mvn -B -q -f models/pom.xml test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * -Dmdep.includeScope=test} then
 * {@code java -cp models/target/test-classes:models/target/classes:$(cat models/target/cp.txt) dev.arbiter.models.bench.ModelsBenchmark}.
 */
public final class ModelsBenchmark {
    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("arbiter-bench");
        TinyModels.rewardModel(dir.resolve("rm"), 7);
        if (args.length > 0 && args[0].equals("microbatch")) {
            microBatch(dir.resolve("rm"));
            System.exit(0);
        }
        if (args.length > 0 && args[0].equals("remote")) {
            remoteRm();
            System.exit(0);
        }
        onnx(dir.resolve("rm"));
        microBatch(dir.resolve("rm"));
        judge(args.length > 0 ? Integer.parseInt(args[0]) : 20);
        System.exit(0);
    }

    static List<List<Prompt.Message>> conversations(int n, int seed) {
        List<String> vocab = TinyModels.vocabulary().subList(4, TinyModels.vocabulary().size());
        Random r = new Random(seed);
        List<List<Prompt.Message>> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            StringBuilder q = new StringBuilder();
            StringBuilder a = new StringBuilder();
            for (int k = 0, len = 8 + r.nextInt(24); k < len; k++) {
                q.append(vocab.get(r.nextInt(vocab.size()))).append(' ');
            }
            for (int k = 0, len = 16 + r.nextInt(200); k < len; k++) {
                a.append(vocab.get(r.nextInt(vocab.size()))).append(' ');
            }
            out.add(ChatTemplate.conversation(new Prompt.Text(q.toString()), a.toString()));
        }
        return out;
    }

    /** Engine-like load: 8 threads each scoring one conversation per call, unbatched vs through the micro-batcher. */
    static void microBatch(Path dir) throws Exception {
        List<List<Prompt.Message>> convs = conversations(4096, 2);
        int threads = 8;
        System.out.println("## scalar_rm single-sample calls from " + threads + " threads (arbiter score-like), batch_size 16");
        System.out.println("| batch_window | samples/s | mean rows per ONNX batch |");
        System.out.println("|---|---|---|");
        OnnxRewardModel.Options d = OnnxRewardModel.Options.defaults();
        try (OnnxRewardModel m = OnnxRewardModel.load(dir, d)) {
            for (long windowMs : new long[] {0, 1, 2, 5}) {
                dev.arbiter.models.batch.MicroBatcher<long[], dev.arbiter.models.ScalarRewardModel.Outcome> b = windowMs == 0 ? null : m.batcher(Duration.ofMillis(windowMs));
                long best = Long.MAX_VALUE;
                long rows0 = b == null ? 0 : b.rows();
                long batches0 = b == null ? 0 : b.batches();
                for (int rep = 0; rep < 3; rep++) {
                    ExecutorService pool = Executors.newFixedThreadPool(threads);
                    AtomicInteger next = new AtomicInteger();
                    long t0 = System.nanoTime();
                    List<Future<?>> fs = new ArrayList<>();
                    for (int t = 0; t < threads; t++) {
                        fs.add(pool.submit(() -> {
                            for (int i; (i = next.getAndIncrement()) < convs.size(); ) {
                                if (b == null) {
                                    m.score(List.of(convs.get(i)), Deadline.none());
                                } else {
                                    b.score(convs.get(i), Deadline.none());
                                }
                            }
                        }));
                    }
                    for (Future<?> f : fs) {
                        f.get();
                    }
                    best = Math.min(best, System.nanoTime() - t0);
                    pool.shutdown();
                }
                double rowsPerBatch = b == null ? 1.0 : (b.rows() - rows0) / (double) Math.max(1, b.batches() - batches0);
                System.out.printf("| %s | %.0f | %.1f |%n", windowMs == 0 ? "0 (off)" : windowMs + "ms",
                        convs.size() / (best / 1e9), rowsPerBatch);
            }
        }
    }

    /**
     * {@code remote_rm} called once per sample from 64 threads (as {@code arbiter score --threads 64} does) against
     * the scripted server, which answers each request after {@code fixed + perInput × inputs} ms: unbatched vs the
     * micro-batcher (16 requests in flight, the endpoint default).
     */
    static void remoteRm() throws Exception {
        int threads = 64;
        int n = 4096;
        System.out.println("## remote_rm single-sample calls from " + threads + " threads, max_concurrency 16, batch_size 32");
        System.out.println("| server time per request | batch_window | samples/s | requests | mean inputs per request |");
        System.out.println("|---|---|---|---|---|");
        for (double[] cost : new double[][] {{20, 0}, {5, 0.5}}) {
            try (ScriptedServer server = new ScriptedServer();
                 dev.arbiter.core.spec.RewardRegistry registry = dev.arbiter.core.spec.RewardRegistry.fromServiceLoader()) {
                server.on("/classify", body -> {
                    var data = ScriptedServer.JSON.createArrayNode();
                    int k = body.path("input").size();
                    for (int i = 0; i < k; i++) {
                        data.addObject().put("index", i).putArray("probs").add(body.path("input").get(i).asText().length());
                    }
                    return Reply.json(ScriptedServer.JSON.createObjectNode().set("data", data))
                            .slow(Math.round(cost[0] + cost[1] * k));
                });
                for (String window : new String[] {"0", "2ms"}) {
                    dev.arbiter.core.Reward r = dev.arbiter.core.spec.RewardSpec.resolve("{type: remote_rm, batch_window: "
                            + window + ", endpoint: {base_url: '" + server.baseUrl() + "', cache_size: 0}}", registry).reward();
                    int before = server.received("/classify").size();
                    ExecutorService pool = Executors.newFixedThreadPool(threads);
                    AtomicInteger next = new AtomicInteger();
                    long t0 = System.nanoTime();
                    List<Future<?>> fs = new ArrayList<>();
                    for (int t = 0; t < threads; t++) {
                        fs.add(pool.submit(() -> {
                            for (int i; (i = next.getAndIncrement()) < n; ) {
                                dev.arbiter.core.Sample s = new dev.arbiter.core.Sample("" + i, "", new Prompt.Text("q" + i),
                                        "answer " + i, null, "", null);
                                if (!dev.arbiter.core.Scoring.guarded(r, s, Deadline.none()).isOk()) {
                                    throw new IllegalStateException("sample " + i + " failed");
                                }
                            }
                        }));
                    }
                    for (Future<?> f : fs) {
                        f.get();
                    }
                    long ns = System.nanoTime() - t0;
                    pool.shutdown();
                    int requests = server.received("/classify").size() - before;
                    System.out.printf("| %s | %s | %.0f | %d | %.1f |%n",
                            cost[1] == 0 ? (int) cost[0] + " ms" : (int) cost[0] + " ms + " + cost[1] + " ms/input",
                            window.equals("0") ? "0 (off)" : window, n / (ns / 1e9), requests, n / (double) requests);
                }
            }
        }
    }

    static void onnx(Path dir) throws Exception {
        List<List<Prompt.Message>> convs = conversations(4096, 1);
        System.out.println("## ONNX tiny RM (vocab " + TinyModels.vocabulary().size() + ", dim " + TinyModels.DIM
                + "), 4096 conversations of 30–260 tokens, 1 intra-op thread");
        System.out.println("| batch | samples/s | ms per call |");
        System.out.println("|---|---|---|");
        for (int batch : new int[] {1, 16, 64}) {
            OnnxRewardModel.Options d = OnnxRewardModel.Options.defaults();
            OnnxRewardModel.Options o = new OnnxRewardModel.Options(d.modelFile(), null, 0, d.truncation(), batch,
                    d.padMultiple(), 1 << 20, 1, 0, null, false);
            try (OnnxRewardModel m = OnnxRewardModel.load(dir, o)) {
                for (int warm = 0; warm < 2; warm++) {
                    runOnnx(m, convs, batch);
                }
                long best = Long.MAX_VALUE;
                for (int rep = 0; rep < 3; rep++) {
                    best = Math.min(best, runOnnx(m, convs, batch));
                }
                double perSec = convs.size() / (best / 1e9);
                System.out.printf("| %d | %.0f | %.3f |%n", batch, perSec, best / 1e6 / (convs.size() / (double) batch));
            }
        }
    }

    static long runOnnx(OnnxRewardModel m, List<List<Prompt.Message>> convs, int batch) {
        long t0 = System.nanoTime();
        for (int i = 0; i < convs.size(); i += batch) {
            m.score(convs.subList(i, Math.min(convs.size(), i + batch)), Deadline.none());
        }
        return System.nanoTime() - t0;
    }

    static void judge(int delayMs) throws Exception {
        try (ScriptedServer server = new ScriptedServer()) {
            server.on("/v1/chat/completions", b -> Reply.json(ScriptedServer.chat("YES")).slow(delayMs));
            System.out.println();
            System.out.println("## Judge client against the local server (" + delayMs + " ms fixed delay, cache off)");
            System.out.println("| concurrency | requests | judge calls/s | mean latency ms | client overhead ms |");
            System.out.println("|---|---|---|---|---|");
            AtomicInteger ids = new AtomicInteger();
            for (int conc : new int[] {1, 16, 64}) {
                EndpointConfig cfg = new EndpointConfig(java.net.URI.create(server.baseUrl() + "/v1"), "judge", null, null,
                        Duration.ofSeconds(30), Duration.ofSeconds(5), conc, 1, Duration.ofMillis(10), Duration.ofSeconds(1),
                        100, Duration.ofSeconds(5), 0);
                OpenAiChat judge = new OpenAiChat(RemoteClient.create(cfg, Secret.none()));
                int n = conc == 1 ? 100 : conc * 12;
                run(judge, conc, Math.min(n, 64), ids);
                long[] lat = new long[n];
                long t0 = System.nanoTime();
                run(judge, conc, n, ids, lat);
                long total = System.nanoTime() - t0;
                double mean = java.util.Arrays.stream(lat).average().orElse(0) / 1e6;
                System.out.printf("| %d | %d | %.0f | %.2f | %.2f |%n", conc, n, n / (total / 1e9), mean, mean - delayMs);
            }
        }
    }

    static void run(Judge judge, int conc, int n, AtomicInteger ids) throws Exception {
        run(judge, conc, n, ids, new long[n]);
    }

    static void run(Judge judge, int conc, int n, AtomicInteger ids, long[] lat) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(conc);
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int slot = i;
                fs.add(pool.submit(() -> {
                    long t = System.nanoTime();
                    judge.complete(new Judge.Request(List.of(Judge.Message.of("user", "q" + ids.incrementAndGet())), 0, 4, 1, 0,
                            null), Deadline.none());
                    lat[slot] = System.nanoTime() - t;
                    return null;
                }));
            }
            for (Future<?> f : fs) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
