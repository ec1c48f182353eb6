package dev.arbiter.server.bench;

import com.fasterxml.jackson.databind.node.TextNode;
import dev.arbiter.core.Deadline;
import dev.arbiter.core.Prompt;
import dev.arbiter.core.Sample;
import dev.arbiter.core.Scoring;
import dev.arbiter.core.spec.RewardRegistry;
import dev.arbiter.core.spec.RewardSpec;
import dev.arbiter.server.ArbiterServer;
import dev.arbiter.server.NamedSpec;
import dev.arbiter.server.ScoringEngine;
import dev.arbiter.server.ServerConfig;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A bounded load generator on loopback: samples/s and p50/p99 request latency of the reward server against the same
 * rewards scored in-process, in the same JVM and run.
 *
 * <p>Modes, with {@code --concurrency} closed-loop clients. The machine is shared, so the modes of one batch size run in
 * alternating rounds ({@code --rounds} of {@code --seconds} each, after a {@code --warmup}) and each figure is the
 * median over the rounds: background load then hits every mode alike.
 * <ul>
 *   <li>{@code http b=N}: {@code POST /v1/score} with N samples per request on keep-alive connections</li>
 *   <li>{@code http 1/conn}: {@code POST /get_reward} with one sample, a fresh TCP connection per request
 *       (OpenRLHF's load)</li>
 *   <li>{@code in-process b=N}: the same samples through the server's scoring engine ({@link ScoringEngine#scoreAll},
 *       the same worker pool, deadlines and admission), no HTTP and no JSON</li>
 *   <li>{@code direct b=N}: the reward called on the client's thread, no engine (no hard deadline): the floor</li>
 * </ul>
 * Figures: samples/s (median of rounds), p50/p99 request latency (over all rounds, from a fixed-size histogram with
 * under 1% error, so memory stays flat however many requests a fast mode makes), and process CPU time per sample
 * (median of rounds; for HTTP modes this includes the load generator's own CPU, which is small). The HTTP overhead
 * at batch N is {@code in-process samples/s ÷ HTTP samples/s − 1} (wall time) and the same ratio of CPU per sample.
 * Loopback only; every loop is bounded in time.
 *
 * <pre>server/run-bench.sh [--seconds 2] [--rounds 5] [--warmup 2] [--concurrency 1,4] [--batches 1,64,512]
 *                     [--rewards exact_match,math]</pre>
 */
public final class ServerBench {

    private ServerBench() {
    }

    /** One measured cell. */
    record Cell(String reward, String mode, int concurrency, int batch, double samplesPerSecond, double cpuMicrosPerSample,
                Histogram latencies) {

        double percentileMs(double p) {
            return latencies.percentile(p) / 1e6;
        }
    }

    public static void main(String[] args) throws Exception {
        double seconds = 2;
        double warmup = 2;
        int rounds = 5;
        List<Integer> concurrencies = List.of(1, 4);
        List<Integer> batches = List.of(1, 64, 512);
        List<String> rewards = new ArrayList<>(List.of("exact_match", "math"));
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--seconds" -> seconds = Double.parseDouble(args[++i]);
                case "--warmup" -> warmup = Double.parseDouble(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--concurrency" -> concurrencies = Arrays.stream(args[++i].split(",")).map(Integer::parseInt).toList();
                case "--batches" -> batches = Arrays.stream(args[++i].split(",")).map(Integer::parseInt).toList();
                case "--rewards" -> rewards = new ArrayList<>(List.of(args[++i].split(",")));
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        RewardRegistry registry = RewardRegistry.fromServiceLoader();
        List<String> missing = new ArrayList<>();
        for (String r : List.copyOf(rewards)) {
            if (registry.factories().stream().noneMatch(f -> f.name().equals(r))) {
                missing.add(r);
                rewards.remove(r);
            }
        }
        int cores = Runtime.getRuntime().availableProcessors();
        System.out.printf(Locale.ROOT, "java %s, %d cores, workers %d; per mode: %.0f s warm-up, then %d alternating "
                + "rounds of %.0f s%n", System.getProperty("java.version"), cores, cores, warmup, rounds, seconds);
        if (!missing.isEmpty()) {
            System.out.println("not on the class path (skipped): " + missing);
        }
        List<Cell> cells = new ArrayList<>();
        for (String reward : rewards) {
            RewardSpec spec = RewardSpec.resolve(specFor(reward), registry);
            List<Sample> samples = samples(reward, 4096, new Random(7));
            ServerConfig config = ServerConfig.builder().port(0).spec("bench", spec).workerThreads(cores)
                    .maxBatchSize(512).queueCapacity(4096).build();
            try (ArbiterServer server = ArbiterServer.start(config, registry);
                 ScoringEngine engine = new ScoringEngine(cores, 4096, 0)) {
                NamedSpec named = new NamedSpec("bench", spec);
                List<byte[]> single = openRlhfBodies(samples);
                for (int concurrency : concurrencies) {
                    for (int batch : batches) {
                        List<byte[]> bodies = nativeBodies(samples, batch);
                        List<Mode> modes = new ArrayList<>();
                        modes.add(new Mode("direct", batch, id -> direct(spec, samples, batch, id)));
                        modes.add(new Mode("in-process", batch, id -> inProcess(engine, named, samples, batch, id)));
                        modes.add(new Mode("http", batch, id -> keepAlive(server.port(), "/v1/score", bodies, id)));
                        if (batch == 1) {
                            modes.add(new Mode("http 1/conn", 1, id -> freshConnections(server.port(), single, id)));
                        }
                        cells.addAll(compare(reward, concurrency, modes, warmup, rounds, seconds));
                    }
                }
            }
        }
        print(cells);
    }

    /** A way of scoring batches of {@code batch} samples. */
    record Mode(String name, int batch, ClientFactory clients) {
    }

    static String specFor(String reward) {
        return switch (reward) {
            case "exact_match" -> "{type: exact_match, extract: hash_mark, normalize: whitespace}";
            default -> reward;
        };
    }

    /** GSM8K-like rollouts (a few hundred characters of reasoning, then {@code #### N}); half are right. */
    static List<Sample> samples(String reward, int n, Random rnd) {
        List<Sample> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int a = rnd.nextInt(1000);
            int b = rnd.nextInt(1000);
            int answer = a + b;
            int given = rnd.nextBoolean() ? answer : answer + 1 + rnd.nextInt(9);
            StringBuilder r = new StringBuilder();
            for (int k = 0; k < 4; k++) {
                r.append("Step ").append(k + 1).append(": we add the numbers ").append(a).append(" and ").append(b)
                        .append(" carefully, carrying where needed. ");
            }
            String response = reward.equals("math")
                    ? r + "So the answer is $\\boxed{" + given + "}$."
                    : r + "\n#### " + given;
            out.add(new Sample(Integer.toString(i), "openai/gsm8k", new Prompt.Text("What is " + a + " + " + b + "?"),
                    response, TextNode.valueOf(Integer.toString(answer)), "", null));
        }
        return out;
    }

    static List<byte[]> nativeBodies(List<Sample> samples, int batch) {
        List<byte[]> out = new ArrayList<>();
        for (int start = 0; start + batch <= samples.size() && out.size() < 64; start += batch) {
            StringBuilder sb = new StringBuilder("{\"samples\":[");
            for (int i = start; i < start + batch; i++) {
                Sample s = samples.get(i);
                sb.append(i == start ? "" : ",").append("{\"id\":\"").append(s.id()).append("\",\"data_source\":\"")
                        .append(s.dataSource()).append("\",\"prompt\":").append(quote(s.prompt().asText()))
                        .append(",\"response\":").append(quote(s.response())).append(",\"reference\":")
                        .append(s.reference().toString()).append('}');
            }
            out.add(sb.append("]}").toString().getBytes(StandardCharsets.UTF_8));
        }
        return out;
    }

    static List<byte[]> openRlhfBodies(List<Sample> samples) {
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < 256; i++) {
            Sample s = samples.get(i);
            String prompt = "<|im_start|>user\n" + s.prompt().asText() + "<|im_end|>\n<|im_start|>assistant\n";
            out.add(("{\"query\":[" + quote(prompt + s.response() + "<|im_end|>") + "],\"prompts\":[" + quote(prompt)
                    + "],\"labels\":[" + s.reference() + "]}").getBytes(StandardCharsets.UTF_8));
        }
        return out;
    }

    static String quote(String s) {
        return TextNode.valueOf(s).toString();
    }

    /** One client's loop: returns its request latencies in nanoseconds until the shared end time. */
    interface Client {
        Callable<Histogram> loop(long endNanos);
    }

    interface ClientFactory {
        Client create(int id) throws IOException;
    }

    /** Runs the modes in alternating rounds; one cell per mode with medians over the rounds. */
    static List<Cell> compare(String reward, int concurrency, List<Mode> modes, double warmup, int rounds,
                              double seconds) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean)
                java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        try {
            List<List<Client>> clients = new ArrayList<>();
            for (Mode m : modes) {
                List<Client> cs = new ArrayList<>();
                for (int i = 0; i < concurrency; i++) {
                    cs.add(m.clients().create(i));
                }
                clients.add(cs);
                runFor(pool, cs, warmup);
            }
            List<List<Double>> rates = new ArrayList<>();
            List<List<Double>> cpus = new ArrayList<>();
            List<Histogram> latencies = new ArrayList<>();
            for (int m = 0; m < modes.size(); m++) {
                rates.add(new ArrayList<>());
                cpus.add(new ArrayList<>());
                latencies.add(new Histogram());
            }
            for (int r = 0; r < rounds; r++) {
                for (int m = 0; m < modes.size(); m++) {
                    long cpu0 = os.getProcessCpuTime();
                    long t0 = System.nanoTime();
                    List<Histogram> lat = runFor(pool, clients.get(m), seconds);
                    double took = (System.nanoTime() - t0) / 1e9;
                    double cpu = (os.getProcessCpuTime() - cpu0) / 1e3;
                    long requests = lat.stream().mapToLong(Histogram::count).sum();
                    long samplesDone = requests * modes.get(m).batch();
                    rates.get(m).add(samplesDone / took);
                    cpus.get(m).add(cpu / Math.max(1, samplesDone));
                    lat.forEach(latencies.get(m)::add);
                }
            }
            List<Cell> out = new ArrayList<>();
            for (int m = 0; m < modes.size(); m++) {
                for (Client c : clients.get(m)) {
                    if (c instanceof Closeable closeable) {
                        closeable.close();
                    }
                }
                Cell cell = new Cell(reward, modes.get(m).name(), concurrency, modes.get(m).batch(),
                        median(rates.get(m)), median(cpus.get(m)), latencies.get(m));
                System.out.printf(Locale.ROOT, "%-12s %-12s c=%d b=%-4d %9.0f samples/s  p50 %7.3f ms  p99 %7.3f ms"
                                + "  cpu %7.2f µs/sample%n", reward, cell.mode(), concurrency, cell.batch(),
                        cell.samplesPerSecond(), cell.percentileMs(0.50), cell.percentileMs(0.99),
                        cell.cpuMicrosPerSample());
                out.add(cell);
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    static double median(List<Double> xs) {
        List<Double> sorted = new ArrayList<>(xs);
        sorted.sort(null);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    static List<Histogram> runFor(ExecutorService pool, List<Client> clients, double seconds) throws Exception {
        long end = System.nanoTime() + (long) (seconds * 1e9);
        List<Future<Histogram>> futures = new ArrayList<>();
        for (Client c : clients) {
            futures.add(pool.submit(c.loop(end)));
        }
        List<Histogram> out = new ArrayList<>();
        for (Future<Histogram> f : futures) {
            out.add(f.get());
        }
        return out;
    }

    static Client inProcess(ScoringEngine engine, NamedSpec spec, List<Sample> samples, int batch, int id) {
        List<List<ScoringEngine.Item>> batches = new ArrayList<>();
        for (int start = 0; start + batch <= samples.size() && batches.size() < 64; start += batch) {
            List<ScoringEngine.Item> items = new ArrayList<>();
            for (Sample s : samples.subList(start, start + batch)) {
                items.add(ScoringEngine.Item.of(spec, s));
            }
            batches.add(items);
        }
        return end -> () -> {
            Histogram lat = new Histogram();
            int k = id;
            while (System.nanoTime() < end) {
                long t0 = System.nanoTime();
                engine.scoreAll(batches.get(k++ % batches.size()), Duration.ofSeconds(60));
                lat.add(System.nanoTime() - t0);
            }
            return lat;
        };
    }

    /** The reward called on the client's own thread, sample after sample: no engine, no deadline enforcement. */
    static Client direct(RewardSpec spec, List<Sample> samples, int batch, int id) {
        return end -> () -> {
            Histogram lat = new Histogram();
            int k = id * batch;
            while (System.nanoTime() < end) {
                long t0 = System.nanoTime();
                for (int i = 0; i < batch; i++) {
                    Scoring.guarded(spec.reward(), samples.get(k++ % samples.size()), Deadline.after(spec.deadline(),
                            dev.arbiter.core.Ticker.system()));
                }
                lat.add(System.nanoTime() - t0);
            }
            return lat;
        };
    }

    static Client keepAlive(int port, String path, List<byte[]> bodies, int id) throws IOException {
        RawHttp http = new RawHttp(port);
        return new ClosingClient(http, end -> () -> {
            Histogram lat = new Histogram();
            int k = id;
            while (System.nanoTime() < end) {
                long t0 = System.nanoTime();
                int status = http.post(path, bodies.get(k++ % bodies.size()), false);
                lat.add(System.nanoTime() - t0);
                check(status);
            }
            return lat;
        });
    }

    static Client freshConnections(int port, List<byte[]> bodies, int id) {
        return end -> () -> {
            Histogram lat = new Histogram();
            int k = id;
            while (System.nanoTime() < end) {
                long t0 = System.nanoTime();
                int status;
                try (RawHttp http = new RawHttp(port)) {
                    status = http.post("/get_reward", bodies.get(k++ % bodies.size()), true);
                }
                lat.add(System.nanoTime() - t0);
                check(status);
            }
            return lat;
        };
    }

    static void check(int status) {
        if (status != 200) {
            throw new IllegalStateException("the server answered " + status);
        }
    }

    record ClosingClient(Closeable resource, Client client) implements Client, Closeable {
        @Override
        public Callable<Histogram> loop(long endNanos) {
            return client.loop(endNanos);
        }

        @Override
        public void close() throws IOException {
            resource.close();
        }
    }

    static void print(List<Cell> cells) {
        System.out.println();
        System.out.println("| reward | mode | clients | batch | samples/s | p50 ms | p99 ms | CPU µs/sample "
                + "| HTTP overhead (wall) | HTTP overhead (CPU) |");
        System.out.println("|---|---|---|---|---:|---:|---:|---:|---:|---:|");
        for (Cell c : cells) {
            String wall = "";
            String cpu = "";
            if (c.mode().startsWith("http")) {
                for (Cell base : cells) {
                    if (base.mode().equals("in-process") && base.reward().equals(c.reward())
                            && base.concurrency() == c.concurrency() && base.batch() == c.batch()) {
                        wall = String.format(Locale.ROOT, "%+.0f%%", 100 * (base.samplesPerSecond() / c.samplesPerSecond() - 1));
                        cpu = String.format(Locale.ROOT, "%+.0f%%", 100 * (c.cpuMicrosPerSample() / base.cpuMicrosPerSample() - 1));
                    }
                }
            }
            System.out.printf(Locale.ROOT, "| %s | %s | %d | %d | %.0f | %.3f | %.3f | %.1f | %s | %s |%n", c.reward(),
                    c.mode(), c.concurrency(), c.batch(), c.samplesPerSecond(), c.percentileMs(0.5),
                    c.percentileMs(0.99), c.cpuMicrosPerSample(), wall, cpu);
        }
    }

    /**
     * Counts of non-negative longs in log-linear buckets: exact below 128, then 64 buckets per power of two (a bucket
     * is under 1.6% wide, and a percentile is its midpoint, under 0.8% off). A fixed 3.7k counters, whatever the count:
     * the direct mode records millions of latencies a second, which as raw arrays ran the bench out of memory.
     */
    static final class Histogram {
        private static final int SUB_BITS = 6;
        private static final int LINEAR = 2 << SUB_BITS;
        private final long[] counts = new long[LINEAR + (63 - (SUB_BITS + 1)) * (1 << SUB_BITS)];
        private long n;

        static int bucket(long v) {
            if (v < LINEAR) {
                return (int) Math.max(0, v);
            }
            int e = 63 - Long.numberOfLeadingZeros(v);
            int sub = (int) (v >>> (e - SUB_BITS)) & ((1 << SUB_BITS) - 1);
            return LINEAR + (e - SUB_BITS - 1) * (1 << SUB_BITS) + sub;
        }

        /** The smallest value of bucket {@code b}. */
        static long lowest(int b) {
            if (b < LINEAR) {
                return b;
            }
            int e = (b - LINEAR) / (1 << SUB_BITS) + SUB_BITS + 1;
            int sub = (b - LINEAR) % (1 << SUB_BITS);
            return ((long) (1 << SUB_BITS) + sub) << (e - SUB_BITS);
        }

        void add(long v) {
            counts[bucket(v)]++;
            n++;
        }

        void add(Histogram other) {
            for (int i = 0; i < counts.length; i++) {
                counts[i] += other.counts[i];
            }
            n += other.n;
        }

        long count() {
            return n;
        }

        /** The value at quantile {@code p} (the midpoint of its bucket), or NaN when empty. */
        double percentile(double p) {
            if (n == 0) {
                return Double.NaN;
            }
            long rank = Math.max(1, (long) Math.ceil(p * n));
            long seen = 0;
            for (int b = 0; b < counts.length; b++) {
                seen += counts[b];
                if (seen >= rank) {
                    long lo = lowest(b);
                    long hi = b + 1 < counts.length ? lowest(b + 1) : lo + 1;
                    return b < LINEAR ? lo : (lo + hi - 1) / 2.0;
                }
            }
            return lowest(counts.length - 1);
        }
    }

    /** A minimal HTTP/1.1 client on one socket: POST with Content-Length, read a Content-Length response. */
    static final class RawHttp implements Closeable {
        private final Socket socket;
        private final OutputStream out;
        private final InputStream in;


        RawHttp(int port) throws IOException {
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            socket.setSoTimeout(120_000);
            out = socket.getOutputStream();
            in = new BufferedInputStream(socket.getInputStream(), 65536);

        }

        int post(String path, byte[] body, boolean close) throws IOException {
            String h = "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: "
                    + body.length + "\r\n" + (close ? "Connection: close\r\n" : "") + "\r\n";
            ByteArrayOutputStream req = new ByteArrayOutputStream(h.length() + body.length);
            req.write(h.getBytes(StandardCharsets.US_ASCII));
            req.write(body);
            out.write(req.toByteArray());
            out.flush();
            String statusLine = line();
            int status = Integer.parseInt(statusLine.substring(9, 12));
            int length = -1;
            String l;
            while (!(l = line()).isEmpty()) {
                int colon = l.indexOf(':');
                if (colon > 0 && l.substring(0, colon).equalsIgnoreCase("Content-Length")) {
                    length = Integer.parseInt(l.substring(colon + 1).strip());
                }
            }
            if (length < 0) {
                throw new IOException("no Content-Length in the response");
            }
            in.readNBytes(length);
            return status;
        }

        private String line() throws IOException {
            StringBuilder sb = new StringBuilder();
            int c;
            while ((c = in.read()) != -1) {
                if (c == '\n') {
                    int len = sb.length();
                    return len > 0 && sb.charAt(len - 1) == '\r' ? sb.substring(0, len - 1) : sb.toString();
                }
                sb.append((char) c);
            }
            throw new IOException("connection closed");
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
