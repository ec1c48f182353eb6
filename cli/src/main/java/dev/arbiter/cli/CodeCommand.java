package dev.arbiter.cli;

import dev.arbiter.code.SuiteQuality;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code arbiter code …}: tools around the code rewards. */
@Command(name = "code", mixinStandardHelpOptions = true, subcommands = CodeCommand.SuiteQualityCommand.class,
        description = "Code-reward tools.")
final class CodeCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }

    /** {@code arbiter code suite-quality PROBLEMS.jsonl …}: how many known-wrong solutions a test suite catches. */
    @Command(name = "suite-quality", description = {"A test suite's detection rate of known-wrong solutions",
            "(\"Rethinking Verification for LLM Code Generation\").",
            "Arguments: PROBLEMS.jsonl [--json] [--time-limit 2s] [--memory-mb 512] [--concurrency N] [--compare exact|whitespace|float] [--float-tolerance X]"})
    static final class SuiteQualityCommand implements Callable<Integer> {
        @Unmatched
        List<String> args = new ArrayList<>();

        @picocli.CommandLine.ParentCommand
        CodeCommand parent;

        @Override
        public Integer call() {
            return SuiteQuality.run(args.toArray(String[]::new), parent.out, parent.err);
        }
    }

    final PrintStream out;
    final PrintStream err;

    CodeCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }
}
