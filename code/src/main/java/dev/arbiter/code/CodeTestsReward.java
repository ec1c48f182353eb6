package dev.arbiter.code;

import dev.arbiter.code.sandbox.Limits;
import dev.arbiter.code.sandbox.Sandbox;
import dev.arbiter.code.sandbox.SandboxConfig;
import dev.arbiter.code.sandbox.SandboxOverloadedException;
import dev.arbiter.core.Deadline;
import dev.arbiter.core.References;
import dev.arbiter.core.Reward;
import dev.arbiter.core.RewardResult;
import dev.arbiter.core.RewardSignature;
import dev.arbiter.core.Sample;
import dev.arbiter.core.spec.Param;
import dev.arbiter.core.spec.ParamKind;
import dev.arbiter.core.spec.Params;
import dev.arbiter.core.spec.RewardFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code code_tests}: runs the code in a response against the sample's tests in a sandbox and scores the share of
 * tests passed ({@code mode: fraction}, partial credit) or 1 only when all pass ({@code mode: all_pass}). Score in
 * [0, 1].
 *
 * <p>The reference holds the tests (see {@link TestSuite} for the accepted shapes: stdin/stdout, call-based with
 * {@code fn_name}, assert-style, HumanEval). Only the first {@code max_tests} are graded (default 10, as verl and
 * PRIME do). The code is the last fenced block of the language ({@link CodeExtraction}); a response without one
 * scores 0 with status {@code ok}, because the model produced no program. Compile errors, crashes, time, memory and
 * output limits all fail the test they happen in, with the evidence in {@code details.tests}.
 *
 * <p>Statuses: {@code invalid_input} when the sample has no response or its reference is not a test suite;
 * {@code error} when the sandbox fails or is overloaded, or the language is not installed (nothing is known about the
 * code then); {@code timeout} when the sample's deadline runs out. The sandbox pool belongs to this reward instance.
 */
public final class CodeTestsReward implements Reward {
    private final Language language;
    private final CodeExtraction extraction;
    private final boolean allPass;
    private final int maxCodeChars;
    private final Grader.Options options;
    private final Grader grader;
    private final Sandbox sandbox;
    private final RewardSignature signature;

    public CodeTestsReward(Language language, CodeExtraction extraction, boolean allPass, int maxCodeChars,
                           Grader.Options options, Sandbox sandbox, RewardSignature signature) {
        this.language = Objects.requireNonNull(language, "language");
        this.extraction = Objects.requireNonNull(extraction, "extraction");
        this.allPass = allPass;
        this.maxCodeChars = maxCodeChars;
        this.options = Objects.requireNonNull(options, "options");
        this.sandbox = Objects.requireNonNull(sandbox, "sandbox");
        this.grader = new Grader(new CodeRunner(sandbox));
        this.signature = Objects.requireNonNull(signature, "signature");
    }

    @Override
    public RewardSignature signature() {
        return signature;
    }

    /** The sandbox pool this reward owns. */
    public Sandbox sandbox() {
        return sandbox;
    }

    @Override
    public RewardResult score(Sample sample, Deadline deadline) {
        String response = References.response(sample);
        TestSuite suite = TestSuite.parse(sample.reference());
        Optional<String> code = extraction.extract(response, language.fenceTags(), false, deadline);
        if (code.isEmpty()) {
            String what = extraction == CodeExtraction.RAW ? "the response is empty"
                    : "the response has no " + (extraction == CodeExtraction.LAST_ANY ? "" : language.name() + " ")
                    + "code block";
            return RewardResult.ok(0.0, what).withDetail("code_found", false);
        }
        if (code.get().length() > maxCodeChars) {
            return RewardResult.ok(0.0, "the code has " + code.get().length() + " characters, over the limit of "
                    + maxCodeChars).withDetail("code_found", true);
        }
        Grader.Report report;
        try {
            report = grader.grade(language, code.get(), suite, options, deadline);
        } catch (SandboxOverloadedException e) {
            if (deadline.expired()) {
                return RewardResult.timeout("the time budget ran out while waiting for a sandbox slot");
            }
            return RewardResult.error(e.getMessage());
        } catch (Language.ToolchainMissingException e) {
            return RewardResult.error(e.getMessage());
        }
        Optional<Grader.TestResult> broken = report.sandboxError();
        if (broken.isPresent()) {
            return RewardResult.error("the sandbox failed on test " + broken.get().index() + ": "
                    + broken.get().verdict().evidence());
        }
        double score = allPass ? (report.allPassed() ? 1.0 : 0.0) : report.fraction();
        StringBuilder reason = new StringBuilder("passed " + report.passed() + " of " + report.considered() + " tests");
        if (report.considered() < report.suiteSize()) {
            reason.append(" (the first ").append(report.considered()).append(" of ").append(report.suiteSize())
                    .append(")");
        }
        report.firstFailure().ifPresent(f -> reason.append("; test ").append(f.index()).append(": ")
                .append(f.verdict().status()).append(" (").append(f.verdict().evidence()).append(")"));
        List<Map<String, Object>> tests = new ArrayList<>();
        for (Grader.TestResult r : report.results()) {
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("status", r.verdict().status());
            t.put("evidence", r.verdict().evidence());
            tests.add(t);
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("code_found", true);
        details.put("passed", report.passed());
        details.put("graded", report.considered());
        details.put("suite_size", report.suiteSize());
        details.put("tests", tests);
        return RewardResult.ok(score, reason.toString()).withDetails(details);
    }

    /** Makes {@code code_tests} rewards from spec parameters; each reward gets its own sandbox pool. */
    public static final class Factory implements RewardFactory {
        @Override public String name() { return "code_tests"; }
        @Override public int version() { return 1; }
        @Override public String family() { return "code"; }
        @Override public String description() {
            return "Runs the response's code on the reference tests in a bubblewrap sandbox; the share of tests passed "
                    + "(or 1 only if all pass), in [0, 1].";
        }
        @Override public String source() {
            return "SandboxFusion /run_code; verl prime_code and sandbox_fusion (first 10 tests); APPS, LiveCodeBench,"
                    + " HumanEval and MBPP test formats";
        }

        @Override
        public List<Param> parameters() {
            return List.of(
                    Param.optional("language", ParamKind.STRING, "python",
                            "language of the code: python, c, cpp, java, javascript, bash, or one from 'languages'"),
                    Param.choice("mode", "fraction", List.of("fraction", "all_pass"),
                            "fraction: share of graded tests passed; all_pass: 1 only if every graded test passes"),
                    Param.optional("max_tests", ParamKind.INT, 10, "grade only the first N tests (0 = all)"),
                    Param.optional("stop_on_first_failure", ParamKind.BOOL, false,
                            "skip the tests after the first failure (they count as failed)"),
                    Param.choice("compare", "whitespace", OutputComparison.specNames(),
                            "exact: equal up to trailing newlines; whitespace: equal tokens; float: tokens, numbers "
                                    + "within float_tolerance"),
                    Param.optional("float_tolerance", ParamKind.DOUBLE, 1e-6,
                            "absolute (below 1) or relative tolerance of compare: float"),
                    Param.optional("time_limit", ParamKind.DURATION, Duration.ofSeconds(2),
                            "CPU time per test (whole seconds, rounded up)"),
                    Param.optional("wall_time_limit", ParamKind.DURATION, null,
                            "wall-clock time per test; default twice time_limit plus one second"),
                    Param.optional("memory_limit_mb", ParamKind.INT, 512, "memory per test in MiB"),
                    Param.optional("compile_time_limit", ParamKind.DURATION, Duration.ofSeconds(10),
                            "CPU and wall time of the compile step"),
                    Param.choice("extract", "last_block", CodeExtraction.specNames(),
                            "last_block: last fence of the language (else the last untagged one); last_any: last "
                                    + "fence; raw: the whole response"),
                    Param.optional("max_code_chars", ParamKind.INT, 100_000,
                            "longer extracted code scores 0 without running"),
                    Param.optional("concurrency", ParamKind.INT, 0,
                            "sandboxes this reward runs at once (0 = the number of cores)"),
                    Param.optional("languages", ParamKind.JSON, null,
                            "language table overrides: {name: {source_file, compile, run, ...}}"));
        }

        @Override
        public Reward create(Params p) {
            LanguageTable table;
            try {
                table = LanguageTable.builtIn().withOverrides(p.json("languages"));
            } catch (IllegalArgumentException e) {
                throw p.error("languages", e.getMessage());
            }
            Language lang = table.find(p.string("language")).orElseThrow(() -> p.error("language",
                    "unknown language '" + p.string("language") + "'; known: " + String.join(", ", table.names())));
            int maxTests = p.integer("max_tests");
            if (maxTests < 0) {
                throw p.error("max_tests", "must be 0 (all) or positive");
            }
            double tol = p.number("float_tolerance");
            if (!(tol >= 0) || !Double.isFinite(tol)) {
                throw p.error("float_tolerance", "must be a finite non-negative number");
            }
            Duration cpu = p.duration("time_limit");
            if (cpu.isZero()) {
                throw p.error("time_limit", "must be positive");
            }
            Duration wall = p.duration("wall_time_limit");
            if (wall == null) {
                wall = cpu.multipliedBy(2).plusSeconds(1);
            } else if (wall.isZero()) {
                throw p.error("wall_time_limit", "must be positive");
            }
            int memory = p.integer("memory_limit_mb");
            if (memory < 16 || memory > 65536) {
                throw p.error("memory_limit_mb", "must be between 16 and 65536");
            }
            Duration compile = p.duration("compile_time_limit");
            if (compile.isZero()) {
                throw p.error("compile_time_limit", "must be positive");
            }
            int maxCode = p.integer("max_code_chars");
            if (maxCode < 1) {
                throw p.error("max_code_chars", "must be positive");
            }
            int concurrency = p.integer("concurrency");
            if (concurrency < 0) {
                throw p.error("concurrency", "must be 0 (the number of cores) or positive");
            }
            Limits run = Limits.defaults().withTimes(cpu, wall).withMemoryBytes(memory * Limits.MIB);
            Limits compileLimits = Limits.compilerDefaults().withTimes(compile, compile.plusSeconds(5));
            Grader.Options options = new Grader.Options(maxTests, p.bool("stop_on_first_failure"),
                    OutputComparison.fromSpecName(p.string("compare")), tol, run, compileLimits);
            SandboxConfig config = SandboxConfig.defaults();
            if (concurrency > 0) {
                config = config.withPool(concurrency, concurrency * 8, config.maxQueueWait());
            }
            return new CodeTestsReward(lang, CodeExtraction.fromSpecName(p.string("extract")),
                    p.string("mode").equals("all_pass"), maxCode, options, new Sandbox(config), p.signature(version()));
        }
    }
}
