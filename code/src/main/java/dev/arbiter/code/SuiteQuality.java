package dev.arbiter.code;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arbiter.code.sandbox.Limits;
import dev.arbiter.code.sandbox.Sandbox;
import dev.arbiter.code.sandbox.SandboxConfig;
import dev.arbiter.code.sandbox.SandboxOverloadedException;
import dev.arbiter.core.Deadline;
import dev.arbiter.core.InvalidInputException;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Test-suite quality, after "Rethinking Verification for LLM Code Generation" (SAGA): how many known-wrong solutions
 * a problem's tests catch.
 *
 * <ul>
 *   <li><b>Detection rate</b>: wrong solutions that fail at least one test, over all wrong solutions.</li>
 *   <li><b>Mean detection rate</b>: the same per problem, averaged over problems.</li>
 *   <li><b>Verifier accuracy</b>: problems whose suite catches every wrong solution and passes every known-correct one.</li>
 * </ul>
 * Every test of the suite is used (no {@code max_tests} cut); a wrong solution stops at its first failing test. A run
 * that ends in a sandbox error counts as undetermined, never as detected.
 *
 * <p>Input: JSON lines, one problem each:
 * {@code {"id": "...", "language": "python", "tests": <a TestSuite reference>, "wrong_solutions": ["code", ...],
 * "correct_solutions": ["code", ...]}} (solutions are source code, or markdown whose last fenced block is used).
 * Command line: {@code arbiter code suite-quality PROBLEMS.jsonl [--json] [--time-limit 2s] [--memory-mb 512]
 * [--concurrency N] [--compare exact|whitespace|float] [--float-tolerance X]};
 * {@link #run(String[], PrintStream, PrintStream)} is the entry point the CLI calls.
 */
public final class SuiteQuality {
    private static final ObjectMapper JSON = new ObjectMapper();

    private SuiteQuality() {
    }

    /** One problem: its tests and its known solutions. */
    public record Problem(String id, Language language, TestSuite suite, List<String> wrongSolutions,
                          List<String> correctSolutions) {
        public Problem {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(language, "language");
            Objects.requireNonNull(suite, "suite");
            wrongSolutions = List.copyOf(wrongSolutions);
            correctSolutions = List.copyOf(correctSolutions);
        }
    }

    /**
     * What one problem's suite did.
     *
     * @param undetected      indexes of wrong solutions that passed every test
     * @param rejectedCorrect indexes of correct solutions that failed a test
     * @param undetermined    solutions whose grading hit a sandbox error or overload
     */
    public record ProblemReport(String id, int wrong, int detected, int correct, List<Integer> undetected,
                                List<Integer> rejectedCorrect, int undetermined) {
        public ProblemReport {
            undetected = List.copyOf(undetected);
            rejectedCorrect = List.copyOf(rejectedCorrect);
        }

        public double detectionRate() {
            return wrong == 0 ? 1.0 : (double) detected / wrong;
        }

        /** The suite catches every wrong solution and passes every correct one (and nothing was undetermined). */
        public boolean accurate() {
            return detected == wrong && rejectedCorrect.isEmpty() && undetermined == 0;
        }
    }

    /** The whole evaluation. */
    public record Report(List<ProblemReport> problems) {
        public Report {
            problems = List.copyOf(problems);
        }

        public int wrongSolutions() {
            return problems.stream().mapToInt(ProblemReport::wrong).sum();
        }

        public int detected() {
            return problems.stream().mapToInt(ProblemReport::detected).sum();
        }

        public double detectionRate() {
            int w = wrongSolutions();
            return w == 0 ? 1.0 : (double) detected() / w;
        }

        public double meanDetectionRate() {
            return problems.stream().mapToDouble(ProblemReport::detectionRate).average().orElse(1.0);
        }

        public double verifierAccuracy() {
            return problems.isEmpty() ? 0.0 : (double) problems.stream().filter(ProblemReport::accurate).count()
                    / problems.size();
        }
    }

    /** Grades every solution of every problem on {@code threads} threads and reports the suites' quality. */
    public static Report evaluate(List<Problem> problems, Grader grader, Grader.Options options, int threads)
            throws InterruptedException {
        Grader.Options all = new Grader.Options(0, true, options.compare(), options.floatTolerance(),
                options.runLimits(), options.compileLimits());
        Grader.Options allNoStop = new Grader.Options(0, false, options.compare(), options.floatTolerance(),
                options.runLimits(), options.compileLimits());
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads));
        try {
            List<List<Future<Outcome>>> wrong = new ArrayList<>();
            List<List<Future<Outcome>>> correct = new ArrayList<>();
            for (Problem p : problems) {
                List<Future<Outcome>> w = new ArrayList<>();
                for (String code : p.wrongSolutions()) {
                    w.add(pool.submit(() -> grade(grader, p, code, all)));
                }
                List<Future<Outcome>> c = new ArrayList<>();
                for (String code : p.correctSolutions()) {
                    c.add(pool.submit(() -> grade(grader, p, code, allNoStop)));
                }
                wrong.add(w);
                correct.add(c);
            }
            List<ProblemReport> reports = new ArrayList<>();
            for (int i = 0; i < problems.size(); i++) {
                int detected = 0;
                int undetermined = 0;
                List<Integer> undetected = new ArrayList<>();
                List<Integer> rejected = new ArrayList<>();
                for (int j = 0; j < wrong.get(i).size(); j++) {
                    Outcome o = get(wrong.get(i).get(j));
                    switch (o) {
                        case PASSED -> undetected.add(j);
                        case FAILED -> detected++;
                        case UNDETERMINED -> undetermined++;
                    }
                }
                for (int j = 0; j < correct.get(i).size(); j++) {
                    Outcome o = get(correct.get(i).get(j));
                    if (o == Outcome.FAILED) {
                        rejected.add(j);
                    } else if (o == Outcome.UNDETERMINED) {
                        undetermined++;
                    }
                }
                Problem p = problems.get(i);
                reports.add(new ProblemReport(p.id(), p.wrongSolutions().size(), detected, p.correctSolutions().size(),
                        undetected, rejected, undetermined));
            }
            return new Report(reports);
        } finally {
            pool.shutdownNow();
        }
    }

    private enum Outcome { PASSED, FAILED, UNDETERMINED }

    private static Outcome get(Future<Outcome> f) throws InterruptedException {
        try {
            return f.get();
        } catch (java.util.concurrent.ExecutionException e) {
            return Outcome.UNDETERMINED;
        }
    }

    private static Outcome grade(Grader grader, Problem p, String solution, Grader.Options options) {
        String code = solution.contains("```") ? CodeExtraction.LAST_BLOCK
                .extract(solution, p.language().fenceTags(), true, Deadline.none()).orElse(solution) : solution;
        try {
            Grader.Report r = grader.grade(p.language(), code, p.suite(), options, Deadline.none());
            if (r.sandboxError().isPresent()) {
                return Outcome.UNDETERMINED;
            }
            return r.allPassed() ? Outcome.PASSED : Outcome.FAILED;
        } catch (SandboxOverloadedException | Language.ToolchainMissingException | RuntimeException e) {
            return Outcome.UNDETERMINED;
        }
    }

    /** Reads problems from JSON lines (see the class comment). */
    public static List<Problem> read(Path jsonl, LanguageTable languages) throws IOException {
        List<Problem> out = new ArrayList<>();
        int lineNo = 0;
        for (String line : Files.readAllLines(jsonl, StandardCharsets.UTF_8)) {
            lineNo++;
            if (line.isBlank()) {
                continue;
            }
            JsonNode n = JSON.readTree(line);
            String where = jsonl + ":" + lineNo;
            String id = n.path("id").asText("line-" + lineNo);
            String langName = n.path("language").asText("python");
            Language lang = languages.find(langName).orElseThrow(() ->
                    new IllegalArgumentException(where + ": unknown language '" + langName + "'"));
            TestSuite suite;
            try {
                suite = TestSuite.parse(n.get("tests"));
            } catch (InvalidInputException e) {
                throw new IllegalArgumentException(where + ": " + e.getMessage());
            }
            out.add(new Problem(id, lang, suite, strings(n.get("wrong_solutions"), where),
                    strings(n.get("correct_solutions"), where)));
        }
        return out;
    }

    private static List<String> strings(JsonNode n, String where) {
        List<String> out = new ArrayList<>();
        if (n == null || n.isNull()) {
            return out;
        }
        if (!n.isArray()) {
            throw new IllegalArgumentException(where + ": solutions must be a list of strings");
        }
        for (JsonNode s : n) {
            out.add(s.asText());
        }
        return out;
    }

    /**
     * The command: {@code PROBLEMS.jsonl [--json] [--time-limit 2s] [--memory-mb 512] [--concurrency N]
     * [--compare exact|whitespace|float] [--float-tolerance X]}.
     *
     * @return the exit code: 0 done, 2 bad usage or input, 1 failure
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        Path file = null;
        boolean json = false;
        Duration timeLimit = Duration.ofSeconds(2);
        int memoryMb = 512;
        int concurrency = Runtime.getRuntime().availableProcessors();
        OutputComparison compare = OutputComparison.WHITESPACE;
        double tolerance = 1e-6;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--json" -> json = true;
                    case "--time-limit" -> timeLimit = parseDuration(args[++i]);
                    case "--memory-mb" -> memoryMb = Integer.parseInt(args[++i]);
                    case "--concurrency" -> concurrency = Integer.parseInt(args[++i]);
                    case "--compare" -> compare = OutputComparison.fromSpecName(args[++i]);
                    case "--float-tolerance" -> tolerance = Double.parseDouble(args[++i]);
                    case "-h", "--help" -> {
                        out.println("usage: suite-quality PROBLEMS.jsonl [--json] [--time-limit 2s] [--memory-mb 512]"
                                + " [--concurrency N] [--compare exact|whitespace|float] [--float-tolerance X]");
                        return 0;
                    }
                    default -> {
                        if (args[i].startsWith("-") || file != null) {
                            err.println("suite-quality: unexpected argument " + args[i]);
                            return 2;
                        }
                        file = Path.of(args[i]);
                    }
                }
            }
        } catch (RuntimeException e) {
            err.println("suite-quality: bad arguments: " + e.getMessage());
            return 2;
        }
        if (file == null) {
            err.println("usage: suite-quality PROBLEMS.jsonl [--json] [--time-limit 2s] [--memory-mb 512] [--concurrency N]"
                    + " [--compare exact|whitespace|float] [--float-tolerance X]");
            return 2;
        }
        List<Problem> problems;
        try {
            problems = read(file, LanguageTable.builtIn());
        } catch (IOException | IllegalArgumentException e) {
            err.println("suite-quality: " + e.getMessage());
            return 2;
        }
        SandboxConfig config = SandboxConfig.defaults();
        config = config.withPool(Math.max(1, concurrency), Math.max(1, concurrency) * 8, Duration.ofMinutes(10));
        try (Sandbox sandbox = new Sandbox(config)) {
            if (sandbox.unavailableReason().isPresent()) {
                err.println("suite-quality: " + sandbox.unavailableReason().get());
                return 1;
            }
            Limits run = Limits.defaults().withTimes(timeLimit, timeLimit.multipliedBy(2).plusSeconds(1))
                    .withMemoryBytes(memoryMb * Limits.MIB);
            Grader.Options options = new Grader.Options(0, true, compare, tolerance, run,
                    Limits.compilerDefaults());
            Report report = evaluate(problems, new Grader(new CodeRunner(sandbox)), options, concurrency);
            if (json) {
                out.println(toJson(report).toString());
            } else {
                print(report, out);
            }
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("suite-quality: interrupted");
            return 1;
        }
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** The report as printed by the command. */
    public static void print(Report r, PrintStream out) {
        for (ProblemReport p : r.problems()) {
            out.printf(Locale.ROOT, "%s: detected %d/%d wrong solutions%s; correct solutions accepted %d/%d%s%n",
                    p.id(), p.detected(), p.wrong(),
                    p.undetected().isEmpty() ? "" : " (missed " + p.undetected() + ")",
                    p.correct() - p.rejectedCorrect().size(), p.correct(),
                    p.undetermined() > 0 ? "; " + p.undetermined() + " undetermined (sandbox errors)" : "");
        }
        out.printf(Locale.ROOT, "detection rate: %.4f (%d/%d wrong solutions detected)%n", r.detectionRate(),
                r.detected(), r.wrongSolutions());
        out.printf(Locale.ROOT, "mean per-problem detection rate: %.4f%n", r.meanDetectionRate());
        out.printf(Locale.ROOT, "verifier accuracy: %.4f (%d/%d problems catch every wrong solution and accept every "
                        + "correct one)%n", r.verifierAccuracy(),
                r.problems().stream().filter(ProblemReport::accurate).count(), r.problems().size());
    }

    /** The report as JSON. */
    public static ObjectNode toJson(Report r) {
        ObjectNode o = JSON.createObjectNode();
        o.put("detection_rate", r.detectionRate());
        o.put("mean_detection_rate", r.meanDetectionRate());
        o.put("verifier_accuracy", r.verifierAccuracy());
        o.put("wrong_solutions", r.wrongSolutions());
        o.put("detected", r.detected());
        ArrayNode ps = o.putArray("problems");
        for (ProblemReport p : r.problems()) {
            ObjectNode n = ps.addObject();
            n.put("id", p.id());
            n.put("wrong", p.wrong());
            n.put("detected", p.detected());
            n.put("detection_rate", p.detectionRate());
            n.put("correct", p.correct());
            ArrayNode u = n.putArray("undetected");
            p.undetected().forEach(u::add);
            ArrayNode rc = n.putArray("rejected_correct");
            p.rejectedCorrect().forEach(rc::add);
            n.put("undetermined", p.undetermined());
            n.put("accurate", p.accurate());
        }
        return o;
    }

    private static Duration parseDuration(String s) {
        String t = s.strip().toLowerCase(Locale.ROOT);
        if (t.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
        }
        if (t.endsWith("s")) {
            return Duration.ofMillis((long) (Double.parseDouble(t.substring(0, t.length() - 1)) * 1000));
        }
        return Duration.ofMillis((long) (Double.parseDouble(t) * 1000));
    }
}
