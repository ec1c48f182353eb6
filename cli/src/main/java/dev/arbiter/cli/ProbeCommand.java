package dev.arbiter.cli;

import dev.arbiter.eval.ConsoleProgress;
import dev.arbiter.eval.EvalException;
import dev.arbiter.eval.probe.ProbeReport;
import dev.arbiter.eval.probe.ProbeRequest;
import dev.arbiter.eval.probe.ProbeRunner;
import dev.arbiter.eval.report.ReportMarkdown;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code arbiter probe}: reward-hacking probes on a reward spec. */
@Command(name = "probe", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run reward-hacking probes on a spec: master keys, null model / template hijack, position bias,",
                "length bias, style bias, batch-size invariance, score noise. Writes probes.json/.md/.html with --out."})
final class ProbeCommand implements Callable<Integer> {
    @Option(names = "--spec", required = true, paramLabel = "SPEC", description = "The reward spec to probe.")
    String spec;

    @Option(names = "--data", paramLabel = "FILE", description = "Benchmark data to draw cases from (else built-in cases).")
    Path data;

    @Option(names = "--benchmark", paramLabel = "NAME", description = "The layout of --data.")
    String benchmark;

    @Option(names = "--probes", paramLabel = "A,B", description = "Only these probes (default: all).")
    String probes;

    @Option(names = "--repeats", paramLabel = "N", defaultValue = "5", description = "Repeated calls for the noise probe.")
    int repeats;

    @Option(names = "--threshold", paramLabel = "X", defaultValue = "0.5", description = "Score counted as 'accepted'.")
    double threshold;

    @Option(names = "--max-cases", paramLabel = "N", defaultValue = "200", description = "Cases per probe at most.")
    int maxCases;

    @Option(names = "--out", paramLabel = "DIR", description = "Directory for probes.json, probes.md, probes.html.")
    Path outDir;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "0", description = "Parallel scoring (0 = cores).")
    int threads;

    private final PrintStream out;
    private final PrintStream err;

    ProbeCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() {
        try {
            ProbeReport r = new ProbeRunner().run(new ProbeRequest(spec, data, benchmark, EvalCommand.split(probes), repeats,
                    threshold, maxCases, outDir, threads, null, ConsoleProgress.stderr()));
            out.print(ReportMarkdown.summary(r));
            return ExitCodes.OK;
        } catch (EvalException e) {
            err.println("arbiter: " + e.getMessage());
            return e.exitCode();
        }
    }
}
