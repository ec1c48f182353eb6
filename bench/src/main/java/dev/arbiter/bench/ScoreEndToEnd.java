package dev.arbiter.bench;

import dev.arbiter.cli.Main;

import java.io.BufferedWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * The end-to-end figure of the foundation: {@code arbiter score} on N generated samples with {@code exact_match},
 * against the same pipeline with the no-op {@code constant} reward (the JSON I/O limit), alternating in one run.
 *
 * <pre>java -cp 'bench/target/arbiter-bench-*.jar:bench/target/lib/*' dev.arbiter.bench.ScoreEndToEnd [--rows 1000000] [--rounds 3]</pre>
 */
public final class ScoreEndToEnd {
    private ScoreEndToEnd() {
    }

    public static void main(String[] args) throws IOException {
        int rows = 1_000_000;
        int rounds = 3;
        String threads = Integer.toString(Runtime.getRuntime().availableProcessors());
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rows" -> rows = Integer.parseInt(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--threads" -> threads = args[++i];
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Path dir = Files.createTempDirectory("arbiter-bench");
        Path in = dir.resolve("samples.jsonl");
        long bytes = generate(in, rows, new Random(42));
        System.out.printf(Locale.ROOT, "input: %d rows, %.1f MB, %s threads%n", rows, bytes / 1e6, threads);
        List<Double> noop = new ArrayList<>();
        List<Double> exact = new ArrayList<>();
        score(in, dir, "constant", threads);  // warm-up
        score(in, dir, "exact_match", threads);
        for (int r = 0; r < rounds; r++) {
            noop.add(rows / score(in, dir, "constant", threads));
            exact.add(rows / score(in, dir, "exact_match", threads));
            System.out.printf(Locale.ROOT, "round %d: constant %.0f rows/s, exact_match %.0f rows/s%n", r + 1,
                    noop.get(r), exact.get(r));
        }
        double n = median(noop);
        double e = median(exact);
        System.out.printf(Locale.ROOT, "median: constant (I/O limit) %.0f rows/s, exact_match %.0f rows/s, ratio %.2f%n", n, e, e / n);
        for (Path p : List.of(in, dir.resolve("out.jsonl"), dir.resolve("out.jsonl.meta.json"))) {
            Files.deleteIfExists(p);
        }
        Files.deleteIfExists(dir);
    }

    private static double score(Path in, Path dir, String spec, String threads) {
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        long t0 = System.nanoTime();
        int code = Main.run(new String[] {"score", "--spec", spec, "--in", in.toString(), "--out", dir.resolve("out.jsonl").toString(),
                "--threads", threads, "--quiet"}, System.in, quiet, quiet);
        double secs = (System.nanoTime() - t0) / 1e9;
        if (code != 0) {
            throw new IllegalStateException("arbiter score exited " + code);
        }
        return secs;
    }

    private static double median(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        s.sort(null);
        return s.get(s.size() / 2);
    }

    /** SQuAD-like rows: a short question, a one-sentence response, one to three references; half match. */
    static long generate(Path out, int rows, Random rnd) throws IOException {
        String[] words = {"river", "Paris", "the", "Seine", "a", "capital", "of", "France", "Shakespeare", "wrote", "Hamlet",
                "in", "1603", "an", "ocean", "Pacific", "largest", "planet", "Jupiter", "gas", "giant"};
        try (BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < rows; i++) {
                sb.setLength(0);
                String answer = phrase(words, rnd, 1 + rnd.nextInt(3));
                String response = rnd.nextBoolean() ? "The " + answer + "." : phrase(words, rnd, 2 + rnd.nextInt(6));
                sb.append("{\"id\":\"s").append(i).append("\",\"data_source\":\"squad\",\"prompt\":\"Question ")
                        .append(i).append(": ").append(phrase(words, rnd, 8)).append("?\",\"response\":\"").append(response)
                        .append("\",\"reference\":[\"").append(answer).append("\"");
                if (rnd.nextInt(3) == 0) {
                    sb.append(",\"").append(phrase(words, rnd, 2)).append("\"");
                }
                sb.append("]}\n");
                w.write(sb.toString());
            }
        }
        return Files.size(out);
    }

    private static String phrase(String[] words, Random rnd, int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                sb.append(' ');
            }
            sb.append(words[rnd.nextInt(words.length)]);
        }
        return sb.toString();
    }
}
