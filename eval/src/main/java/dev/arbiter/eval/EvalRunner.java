package dev.arbiter.eval;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arbiter.core.spec.RewardRegistry;
import dev.arbiter.core.spec.RewardSpec;
import dev.arbiter.eval.benchmark.Benchmark;
import dev.arbiter.eval.benchmark.EvalContext;
import dev.arbiter.eval.benchmark.Evaluation;
import dev.arbiter.eval.benchmark.OfficialScores;
import dev.arbiter.eval.data.EvalItem;
import dev.arbiter.eval.data.InputFiles;
import dev.arbiter.eval.data.ScoreFiles;
import dev.arbiter.eval.data.ScoreRecord;
import dev.arbiter.eval.data.ScoreTable;
import dev.arbiter.eval.data.Gold;
import dev.arbiter.eval.probe.ProbeReport;
import dev.arbiter.eval.probe.ProbeRequest;
import dev.arbiter.eval.probe.ProbeRunner;
import dev.arbiter.eval.report.ReportFiles;
import dev.arbiter.eval.report.ReportJson;
import dev.arbiter.eval.scoring.JudgeScorer;
import dev.arbiter.eval.scoring.SpecScorer;
import dev.arbiter.eval.scoring.Specs;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Runs {@code arbiter eval}: loads the benchmark data, scores it with a reward spec or reads precomputed scores,
 * applies the benchmark's rule and aggregation, optionally runs the probes, and writes {@code results.json},
 * {@code report.md} and {@code report.html} when an output directory is given.
 *
 * <pre>{@code
 * EvalReport r = new EvalRunner().run(EvalRequest.builder("judgebench")
 *         .data(Path.of("judgebench_pairs_gpt-4o-2024-05-13.jsonl"))
 *         .scores(Path.of("judgebench_official_judgments.jsonl"))
 *         .option("run", "Skywork/Skywork-Reward-Gemma-2-27B")
 *         .outDir(Path.of("out")).build());
 * }</pre>
 *
 * Thread-safe: one instance may run several requests at once.
 */
public final class EvalRunner {
    private final RewardRegistry registry;

    /** Reward types from the modules on the class path. */
    public EvalRunner() {
        this(RewardRegistry.fromServiceLoader());
    }

    public EvalRunner(RewardRegistry registry) {
        this.registry = registry;
    }

    /**
     * Runs one evaluation.
     *
     * @throws EvalException naming the file, item or option when the run cannot go on (kind tells the exit code)
     */
    public EvalReport run(EvalRequest req) {
        long start = System.nanoTime();
        Benchmark benchmark = Benchmarks.get(req.benchmark());
        int sources = (req.spec() != null ? 1 : 0) + (req.scores() != null ? 1 : 0) + (req.judge() != null ? 1 : 0);
        if (sources > 1) {
            throw new EvalException(EvalException.Kind.USAGE, "give one of a reward spec (--spec), precomputed scores (--scores) or a pairwise judge, not several");
        }
        if (sources == 0) {
            throw new EvalException(EvalException.Kind.USAGE, "give a reward spec (--spec) or precomputed scores (--scores)");
        }
        if ((req.spec() != null || req.judge() != null) && req.data() == null) {
            throw new EvalException(EvalException.Kind.USAGE, "scoring with a " + (req.spec() != null ? "spec" : "judge") + " needs the benchmark data (--data)");
        }
        if (req.probes() && req.spec() == null) {
            throw new EvalException(EvalException.Kind.USAGE, "the probes need a reward spec (--spec)");
        }
        EvalContext ctx = new EvalContext(benchmark, req.options(), req.strict());
        RewardSpec spec = req.spec() == null ? null : Specs.resolve(req.spec(), registry);
        List<EvalItem> items = req.data() == null ? List.of() : benchmark.load(InputFiles.read(req.data()), ctx);
        int skippedAtLoad = ctx.skipped().size();
        ScoreTable table = null;
        Evaluation evaluation = null;
        String scoresKind = null;
        int candidatesScored = 0;
        int failures = 0;
        if (req.scores() != null) {
            InputFiles.Input in = InputFiles.read(req.scores());
            Optional<OfficialScores> official = benchmark.readOfficialScores(in, items, ctx);
            if (official.isPresent()) {
                OfficialScores o = official.get();
                scoresKind = o.description();
                if (o.aggregate() != null) {
                    evaluation = o.aggregate();
                    if (!items.isEmpty()) {
                        ctx.note("the data file's " + items.size() + " items are not used: the scores are aggregates");
                    }
                } else {
                    if (o.items() != null) {
                        items = o.items();
                    }
                    table = o.table();
                }
            } else {
                if (in.isSingleObject()) {
                    throw new EvalException(EvalException.Kind.INPUT, req.scores() + ": holds one JSON object, which "
                            + benchmark.name() + " does not read as scores; give score records, one {\"id\": …, \"scores\": {…}} per line");
                }
                if (req.data() == null) {
                    throw new EvalException(EvalException.Kind.USAGE, req.scores() + " holds per-item score records; give the items with --data");
                }
                table = ScoreFiles.fromRows(in.rows(), ctx.option("run"), "scores " + req.scores().getFileName());
                scoresKind = "score records (section 11.2)";
            }
        } else if (req.judge() != null) {
            Duration budget = spec != null ? spec.deadline().multipliedBy(2) : Duration.ofMinutes(2);
            table = new JudgeScorer(req.judge(), budget, req.effectiveParallelism(), req.progress(), req.bothOrders(), req.seed())
                    .score(items, benchmark.name());
            scoresKind = "judged by " + req.judge().signature() + (req.bothOrders() ? " (both orders)" : " (seeded order, seed " + req.seed() + ")");
        } else {
            SpecScorer scorer = new SpecScorer(spec, req.effectiveParallelism(), req.batchSize(), req.progress());
            table = scorer.score(items, benchmark.needsStepScores(ctx), benchmark.name());
            scoresKind = "scored by the spec";
            for (ScoreRecord r : table.byId().values()) {
                candidatesScored += r.scores().size() + r.failures().size();
                failures += r.failures().size();
            }
        }
        if (evaluation == null) {
            if (items.isEmpty()) {
                ctx.note("no item could be read from the data");
            }
            evaluation = benchmark.evaluate(items, table, ctx);
            reportUnmatched(items, table, ctx);
            table.problems().forEach(p -> ctx.note("score file: " + p));
        }
        int read = items.size() + skippedAtLoad;
        int evaluated = evaluation.items().size();
        if (evaluation.items().isEmpty() && table == null) {
            read = 0;
        }
        EvalReport.Counts counts = new EvalReport.Counts(read, evaluated, ctx.skipped().size(), candidatesScored, failures);
        ObjectNode agg = evaluation.aggregation();
        EvalReport.RunInfo run = new EvalReport.RunInfo(
                req.data() == null ? null : req.data().toString(), InputFiles.sha256(req.data()),
                req.scores() == null ? null : req.scores().toString(), InputFiles.sha256(req.scores()), scoresKind,
                spec == null ? null : spec.source(), spec == null ? null : spec.signature(), spec == null ? null : spec.signatureId(),
                ctx.options(), agg, ReportJson.hash(agg));
        EvalReport report = new EvalReport(benchmark.name(), benchmark.title(), evaluation.headline(), evaluation.variants(),
                evaluation.sections(), evaluation.subsets(), counts, ctx.skipped(), ctx.notes(), run, evaluation.items(),
                evaluation.unit(), null, Duration.ZERO);
        if (req.probes()) {
            ProbeRequest pr = new ProbeRequest(req.spec(), null, null, List.of(), 5, 0.5, 200, null, req.parallelism(), null, req.progress());
            List<EvalItem> style = items.stream().filter(i -> i.gold() instanceof Gold.StyleMatrix).toList();
            var cases = ProbeRunner.fromItems(items, 200);
            ProbeReport probes = new ProbeRunner(registry).run(spec, cases.isEmpty() ? ProbeRunner.builtin() : cases, style,
                    cases.isEmpty() ? "built-in probe set (the data has no text pairs)" : benchmark.name() + " items (" + cases.size() + " cases)",
                    pr, List.of());
            report = report.withProbes(probes);
        }
        report = new EvalReport(report.benchmark(), report.title(), report.headline(), report.variants(), report.sections(),
                report.subsets(), report.counts(), report.skipped(), report.notes(), report.run(), report.items(), report.unit(),
                report.probes(), Duration.ofNanos(System.nanoTime() - start));
        if (req.outDir() != null) {
            ReportFiles.write(report, req.outDir());
        }
        return report;
    }

    private static void reportUnmatched(List<EvalItem> items, ScoreTable table, EvalContext ctx) {
        Set<String> ids = new HashSet<>();
        items.forEach(i -> ids.add(i.id()));
        List<String> unmatched = table.byId().keySet().stream().filter(id -> !ids.contains(id)).toList();
        if (!unmatched.isEmpty()) {
            ctx.note(unmatched.size() + " score records match no item (e.g. " + String.join(", ", unmatched.subList(0, Math.min(5, unmatched.size())))
                    + "); they are ignored");
        }
    }
}
