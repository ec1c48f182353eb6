package dev.arbiter.cli;

import dev.arbiter.eval.Benchmarks;
import dev.arbiter.eval.ConsoleProgress;
import dev.arbiter.eval.EvalException;
import dev.arbiter.eval.EvalReport;
import dev.arbiter.eval.EvalRequest;
import dev.arbiter.eval.EvalRunner;
import dev.arbiter.eval.report.ReportMarkdown;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code arbiter eval}: a reward model (spec or precomputed scores) on a reward-model benchmark. */
@Command(name = "eval", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Evaluate a reward spec or precomputed scores on a reward-model benchmark",
                "(rewardbench, rewardbench2, rm-bench, rewardmath, m-rewardbench, vl-rewardbench, vlrmbench, vilbench,",
                "judgebench, wildbench). Writes results.json, report.md and report.html with --out."})
final class EvalCommand implements Callable<Integer> {
    @Option(names = "--benchmark", paramLabel = "NAME", description = "The benchmark (see --list).")
    String benchmark;

    @Option(names = "--list", description = "List the benchmarks and their options.")
    boolean list;

    @Option(names = "--data", paramLabel = "FILE", description = "Benchmark data: a file (JSON, JSONL, Parquet) or a directory.")
    Path data;

    @Option(names = "--spec", paramLabel = "SPEC", description = "Reward spec scoring every candidate.")
    String spec;

    @Option(names = "--scores", paramLabel = "FILE", description = "Precomputed scores or an official result file.")
    Path scores;

    @Option(names = "--out", paramLabel = "DIR", description = "Directory for results.json, report.md, report.html.")
    Path out;

    @Option(names = "--option", paramLabel = "KEY=VALUE", description = "A benchmark option (repeatable).")
    Map<String, String> options = new LinkedHashMap<>();

    @Option(names = "--strict", description = "Fail on the first bad item instead of skipping it with its reason.")
    boolean strict;

    @Option(names = "--probes", description = "Also run the robustness probes with the spec on this data.")
    boolean probes;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "0", description = "Parallel scoring (0 = cores).")
    int threads;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "1", description = "Samples per batch call.")
    int batchSize;

    private final PrintStream stdout;
    private final PrintStream err;

    EvalCommand(PrintStream stdout, PrintStream err) {
        this.stdout = stdout;
        this.err = err;
    }

    @Override
    public Integer call() {
        if (list) {
            for (var b : Benchmarks.all()) {
                stdout.println(b.name() + (b.aliases().isEmpty() ? "" : " " + b.aliases()) + "  " + b.title());
            }
            return ExitCodes.OK;
        }
        if (benchmark == null) {
            err.println("arbiter: eval needs --benchmark NAME (see --list)");
            return ExitCodes.USAGE;
        }
        try {
            EvalRequest req = EvalRequest.builder(benchmark).data(data).spec(spec).scores(scores).outDir(out)
                    .options(options).parallelism(threads).batchSize(batchSize).strict(strict).probes(probes)
                    .progress(ConsoleProgress.stderr()).build();
            EvalReport report = new EvalRunner().run(req);
            stdout.print(ReportMarkdown.summary(report));
            return ExitCodes.OK;
        } catch (EvalException e) {
            err.println("arbiter: " + e.getMessage());
            return e.exitCode();
        }
    }

    static List<String> split(String csv) {
        return csv == null || csv.isBlank() ? List.of() : List.of(csv.split("\\s*,\\s*"));
    }
}
