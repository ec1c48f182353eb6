package dev.arbiter.cli;

import dev.arbiter.core.spec.RewardRegistry;
import dev.arbiter.core.spec.RewardSpec;
import dev.arbiter.core.spec.SpecException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.util.concurrent.Callable;

/** {@code arbiter check}: validates a spec and prints its signature. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Validate a spec (file, inline text or type name) and print its signature.")
final class CheckCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "SPEC", description = "Spec file, inline spec or type name.")
    String spec;

    private final RewardRegistry registry;
    private final PrintStream out;
    private final PrintStream err;

    CheckCommand(RewardRegistry registry, PrintStream out, PrintStream err) {
        this.registry = registry;
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() {
        try {
            RewardSpec rs = RewardSpec.resolve(spec, registry);
            out.println("ok " + rs.signatureId());
            out.println(rs.signature());
            return ExitCodes.OK;
        } catch (SpecException e) {
            err.println("arbiter: invalid spec: " + e.getMessage());
            return ExitCodes.USAGE;
        }
    }
}
