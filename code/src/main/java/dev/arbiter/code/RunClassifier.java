package dev.arbiter.code;

import dev.arbiter.code.sandbox.Execution;
import dev.arbiter.code.sandbox.Limits;
import dev.arbiter.code.sandbox.Signals;
import dev.arbiter.code.sandbox.Termination;

import java.util.Optional;

/** Turns how a run ended into a verdict, with evidence; stateless. */
public final class RunClassifier {
    private RunClassifier() {
    }

    /**
     * The verdict for a run that did not end cleanly, or empty when the program exited with status 0 (its output
     * is then up to the comparison).
     */
    public static Optional<Verdict> failure(Execution e, Language lang, Limits limits) {
        Termination t = e.termination();
        if (t instanceof Termination.SandboxFailure f) {
            String err = e.stderrText();
            if (err.contains("execvp") && err.contains("Cannot allocate memory")) {
                return Optional.of(new Verdict.MemoryLimit("the program could not even be loaded within the memory"
                        + " limit of " + limits.memoryBytes() / Limits.MIB + " MiB"));
            }
            return Optional.of(new Verdict.SandboxError(f.reason()));
        }
        if (t instanceof Termination.WallTimeExceeded w) {
            return Optional.of(new Verdict.TimeLimit(w.describe()));
        }
        if (t instanceof Termination.OutputExceeded o) {
            return Optional.of(new Verdict.OutputLimit(o.describe()));
        }
        Termination.Exited x = (Termination.Exited) t;
        if (x.code() == 0) {
            return Optional.empty();
        }
        int sig = x.signal();
        String err = e.stderrText();
        if (sig == Signals.SIGXCPU) {
            return Optional.of(new Verdict.TimeLimit("CPU time limit of " + limits.cpuSeconds()
                    + " s exceeded (killed by SIGXCPU)"));
        }
        if (sig == Signals.SIGKILL && e.wallTime().toMillis() >= limits.cpuSeconds() * 1000) {
            return Optional.of(new Verdict.TimeLimit("CPU time limit of " + limits.cpuSeconds()
                    + " s exceeded (killed by SIGKILL at the hard limit)"));
        }
        if (sig == Signals.SIGXFSZ) {
            return Optional.of(new Verdict.OutputLimit("file size limit of " + limits.fileSizeBytes()
                    + " bytes exceeded (killed by SIGXFSZ)"));
        }
        for (String marker : lang.memoryMarkers()) {
            if (err.contains(marker)) {
                return Optional.of(new Verdict.MemoryLimit("memory limit of " + limits.memoryBytes() / Limits.MIB
                        + " MiB: standard error shows '" + marker + "' (" + x.describe() + ")"));
            }
        }
        String last = lastLine(err);
        return Optional.of(new Verdict.RuntimeError(x.describe() + (last.isEmpty() ? "" : ": " + last)));
    }

    /** The last non-blank line of a text, at most 200 characters. */
    public static String lastLine(String text) {
        String s = text.strip();
        int nl = s.lastIndexOf('\n');
        String line = (nl >= 0 ? s.substring(nl + 1) : s).strip();
        return line.length() > 200 ? line.substring(0, 197) + "..." : line;
    }

    /** The first lines of a compiler's complaint, at most 400 characters. */
    public static String head(String text) {
        String s = text.strip();
        return s.length() > 400 ? s.substring(0, 397) + "..." : s;
    }
}
