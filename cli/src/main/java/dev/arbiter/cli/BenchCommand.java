package dev.arbiter.cli;

import dev.arbiter.math.bench.MathBench;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

import java.util.List;
import java.util.concurrent.Callable;

/** {@code arbiter bench …}: end-to-end benchmarks that ship with the CLI. */
@Command(name = "bench", mixinStandardHelpOptions = true, subcommands = BenchCommand.MathBenchCommand.class,
        description = "Run a benchmark.")
final class BenchCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }

    /** {@code arbiter bench math --in FILE …}: the math verifier over a labelled file (see math/README.md). */
    @Command(name = "math", description = {"Math verification speed and agreement with labels.",
            "Options: --in FILE [--threads N] [--warmup-rounds K] [--seed S] [--disagreements OUT]"})
    static final class MathBenchCommand implements Callable<Integer> {
        @Unmatched
        List<String> args = new java.util.ArrayList<>();

        @Override
        public Integer call() throws Exception {
            MathBench.main(args.toArray(String[]::new));
            return ExitCodes.OK;
        }
    }
}
