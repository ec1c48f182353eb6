package dev.arbiter.code.sandbox;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * The outcome of one sandboxed execution.
 *
 * @param termination     how it ended
 * @param stdout          standard output, at most the cap
 * @param stderr          standard error, at most the cap
 * @param stdoutTruncated whether the program wrote more standard output than the cap
 * @param stderrTruncated whether the program wrote more standard error than the cap
 * @param wallTime        wall-clock time from start to the end of the sandbox
 * @param fetchedFiles    requested files read back from the working directory after the run (path → bytes);
 *                        a requested file that did not exist is absent
 */
public record Execution(Termination termination, byte[] stdout, byte[] stderr, boolean stdoutTruncated,
                        boolean stderrTruncated, Duration wallTime, Map<String, byte[]> fetchedFiles) {

    public Execution {
        Objects.requireNonNull(termination, "termination");
        stdout = stdout == null ? new byte[0] : stdout;
        stderr = stderr == null ? new byte[0] : stderr;
        fetchedFiles = fetchedFiles == null ? Map.of() : Map.copyOf(fetchedFiles);
    }

    public String stdoutText() {
        return new String(stdout, StandardCharsets.UTF_8);
    }

    public String stderrText() {
        return new String(stderr, StandardCharsets.UTF_8);
    }

    /** Whether the program exited with status 0. */
    public boolean succeeded() {
        return termination instanceof Termination.Exited e && e.code() == 0;
    }

    public static Execution failure(String reason, Duration wall) {
        return new Execution(new Termination.SandboxFailure(reason), null, null, false, false, wall, null);
    }
}
