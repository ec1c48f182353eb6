package dev.arbiter.cli;

import dev.arbiter.core.Status;
import dev.arbiter.math.MathVerifier;
import dev.arbiter.math.Verdict;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.util.concurrent.Callable;

/** {@code arbiter verify-math GOLD PRED}: the math verifier's verdict on one pair, and why. */
@Command(name = "verify-math", mixinStandardHelpOptions = true,
        description = {"Say whether a predicted math answer equals the gold one, and why.",
                "Exit code: 0 equivalent, 1 not equivalent, 4 undecided (no gold answer, too large, or out of time)."})
final class VerifyMathCommand implements Callable<Integer> {
    static final int UNDECIDED = 4;

    @Parameters(index = "0", paramLabel = "GOLD", description = "The reference answer (LaTeX or plain).")
    String gold;

    @Parameters(index = "1", paramLabel = "PRED", description = "The predicted answer or a whole response.")
    String prediction;

    private final PrintStream out;

    VerifyMathCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public Integer call() {
        Verdict v = MathVerifier.defaults().verify(gold, prediction);
        out.println(v.describe());
        if (v.status() != Status.OK) {
            return UNDECIDED;
        }
        return v.equivalent() ? ExitCodes.OK : ExitCodes.FAILED;
    }
}
