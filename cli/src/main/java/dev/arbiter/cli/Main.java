package dev.arbiter.cli;

import dev.arbiter.core.spec.RewardRegistry;
import dev.arbiter.core.spec.SpecException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;

/** The {@code arbiter} command: parses arguments, runs one subcommand, maps failures to exit codes. */
@Command(name = "arbiter", mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class,
        description = "A reward engine for reinforcement learning of language and vision models.",
        footer = {"", "Exit codes: 0 done, 1 failed part-way (I/O), 2 bad usage or spec, 3 input missing or unreadable."})
public final class Main implements Runnable {

    public static void main(String[] args) {
        System.exit(run(args, System.in, System.out, System.err));
    }

    /** Runs the command line and returns its exit code; used by tests to run the CLI in-process. */
    public static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
        RewardRegistry registry;
        try {
            registry = RewardRegistry.fromServiceLoader();
        } catch (RuntimeException e) {
            err.println("arbiter: the reward types of this build do not load: " + e.getMessage());
            return ExitCodes.FAILED;
        }
        CommandLine cl = new CommandLine(new Main());
        cl.addSubcommand(new CommandLine(new ScoreCommand(registry, in, out, err)));
        cl.addSubcommand(new CommandLine(new RewardsCommand(registry, out)));
        cl.addSubcommand(new CommandLine(new CheckCommand(registry, out, err)));
        cl.addSubcommand(new CommandLine(new VerifyMathCommand(out)));
        cl.addSubcommand(new CommandLine(new BenchCommand()));
        cl.addSubcommand(new CommandLine(new CodeCommand(out, err)));
        cl.addSubcommand(new CommandLine(new ServeCommand(registry, err)));
        cl.addSubcommand(new CommandLine(new EvalCommand(out, err)));
        cl.addSubcommand(new CommandLine(new ProbeCommand(out, err)));
        cl.addSubcommand(EurekaCommand.commandLine(registry, out, err));
        cl.addSubcommand(new CommandLine(new VersionCommand(out)));
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        cl.setExitCodeExceptionMapper(e -> e instanceof SpecException || e instanceof CommandLine.ParameterException
                ? ExitCodes.USAGE : ExitCodes.FAILED);
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            err.println("arbiter: " + (e instanceof SpecException ? "invalid spec: " : "") + e.getMessage());
            return e instanceof SpecException ? ExitCodes.USAGE : ExitCodes.FAILED;
        });
        return cl.execute(args);
    }

    @picocli.CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }

    /** {@code arbiter version}. */
    @Command(name = "version", description = "Print the version.")
    static final class VersionCommand implements Runnable {
        private final PrintStream out;

        VersionCommand(PrintStream out) {
            this.out = out;
        }

        @Override
        public void run() {
            out.println("arbiter " + Version.text());
        }
    }

    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"arbiter " + Version.text()};
        }
    }
}
