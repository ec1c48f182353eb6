package dev.arbiter.eval;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arbiter.eval.data.InputFiles;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

/**
 * The timing benchmark of issue 9: evaluating 5,000 RewardBench-style items (a) from a score file and (b) with a
 * cheap rule-based spec ({@code token_f1}), end to end as {@code arbiter eval} does it (read, score, aggregate,
 * write results.json, report.md and report.html). One warm-up, then {@code --rounds} alternating rounds; prints the
 * median wall time. Not a test: run it by hand (see eval/README.md).
 *
 * <pre>
 * java -cp eval/target/classes:eval/target/test-classes:$(cat cp.txt) dev.arbiter.eval.EvalTiming --items 5000 --rounds 5
 * </pre>
 */
public final class EvalTiming {
    private static final String[] SUBSETS = {"alpacaeval-easy", "alpacaeval-hard", "mt-bench-hard", "llmbar-natural", "donotanswer",
            "xstest-should-respond", "math-prm", "hep-python", "hep-go", "refusals-dangerous"};
    private static final String[] WORDS = ("the a answer is of to in reward model score benchmark pair chosen rejected prompt "
            + "response length style token value result check item data set model output paris london rome berlin").split(" ");

    private EvalTiming() {
    }

    public static void main(String[] args) throws IOException {
        int items = 5000;
        int rounds = 5;
        int threads = Runtime.getRuntime().availableProcessors();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--items" -> items = Integer.parseInt(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        Path dir = Files.createTempDirectory("arbiter-eval-timing");
        Path data = dir.resolve("items.jsonl");
        Path scores = dir.resolve("scores.jsonl");
        generate(items, data, scores);
        System.out.printf("%d items (%d KB data, %d KB scores), %d threads, %d rounds%n", items, Files.size(data) / 1024,
                Files.size(scores) / 1024, threads, rounds);
        EvalRequest[] reqs = {
                EvalRequest.builder("rewardbench").data(data).scores(scores).build(),
                EvalRequest.builder("rewardbench").data(data).spec("token_f1").parallelism(threads).build(),
                EvalRequest.builder("rewardbench").data(data).scores(scores).outDir(dir.resolve("out-scores")).build(),
                EvalRequest.builder("rewardbench").data(data).spec("token_f1").parallelism(threads).outDir(dir.resolve("out-spec")).build()};
        String[] names = {"score file", "token_f1 spec", "score file + report files", "token_f1 spec + report files"};
        EvalRunner runner = new EvalRunner();
        for (EvalRequest r : reqs) {
            time(runner, r);
        }
        double[][] ms = new double[reqs.length][rounds];
        for (int r = 0; r < rounds; r++) {
            for (int k = 0; k < reqs.length; k++) {
                ms[k][r] = time(runner, reqs[k]);
            }
        }
        for (int k = 0; k < reqs.length; k++) {
            report(names[k], items, ms[k]);
        }
    }

    private static double time(EvalRunner runner, EvalRequest req) {
        long t = System.nanoTime();
        EvalReport r = runner.run(req);
        if (r.counts().itemsSkipped() != 0) {
            throw new IllegalStateException("skipped: " + r.skipped().get(0));
        }
        return (System.nanoTime() - t) / 1e6;
    }

    private static void report(String what, int items, double[] ms) {
        double[] sorted = ms.clone();
        Arrays.sort(sorted);
        double median = sorted[sorted.length / 2];
        StringBuilder all = new StringBuilder();
        for (double m : ms) {
            all.append(all.length() == 0 ? "" : " / ").append(Math.round(m));
        }
        System.out.printf("%-30s median %6.0f ms = %8.0f items/s   (rounds: %s ms)%n", what, median, items / (median / 1000), all);
    }

    private static String sentence(Random rnd, int words) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < words; i++) {
            sb.append(i == 0 ? "" : " ").append(WORDS[rnd.nextInt(WORDS.length)]);
        }
        return sb.toString();
    }

    private static void generate(int n, Path data, Path scores) throws IOException {
        Random rnd = new Random(42);
        try (BufferedWriter d = Files.newBufferedWriter(data, StandardCharsets.UTF_8);
             BufferedWriter s = Files.newBufferedWriter(scores, StandardCharsets.UTF_8)) {
            for (int i = 0; i < n; i++) {
                String ref = sentence(rnd, 4);
                ObjectNode row = InputFiles.JSON.createObjectNode();
                row.put("id", "t" + i).put("subset", SUBSETS[i % SUBSETS.length]).put("prompt", sentence(rnd, 20)).put("reference_answer", ref);
                var c = row.putArray("candidates");
                c.addObject().put("cid", "c0").put("role", "chosen").put("text", sentence(rnd, 30 + rnd.nextInt(60)) + " " + ref);
                c.addObject().put("cid", "c1").put("role", "rejected").put("text", sentence(rnd, 30 + rnd.nextInt(60)));
                row.putObject("gold").put("type", "pair").put("chosen", "c0").put("rejected", "c1");
                d.write(row.toString());
                d.newLine();
                ObjectNode sc = InputFiles.JSON.createObjectNode();
                sc.put("id", "t" + i);
                sc.putObject("scores").put("c0", rnd.nextGaussian() + 0.5).put("c1", rnd.nextGaussian());
                s.write(sc.toString());
                s.newLine();
            }
        }
    }
}
