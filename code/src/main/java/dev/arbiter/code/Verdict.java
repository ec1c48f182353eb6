package dev.arbiter.code;

/**
 * The outcome of one test (or one compile), the closed set of statuses, each with one sentence of evidence.
 * Evidence never contains timings, so the same program on the same tests gives equal verdicts.
 */
public sealed interface Verdict {

    /** The wire name: {@code ok}, {@code wrong_answer}, {@code runtime_error}, {@code compile_error},
     * {@code time_limit}, {@code memory_limit}, {@code output_limit}, {@code sandbox_error} or {@code skipped}. */
    String status();

    /** What was seen: the differing output, the exit status and last error line, the limit hit. */
    String evidence();

    default boolean passed() {
        return this instanceof Passed;
    }

    /** The test passed. */
    record Passed(String evidence) implements Verdict {
        @Override public String status() { return "ok"; }
    }

    /** The program ran to completion but its output (or return value, or assertion) was wrong. */
    record WrongAnswer(String evidence) implements Verdict {
        @Override public String status() { return "wrong_answer"; }
    }

    /** The program crashed or exited with a non-zero status. */
    record RuntimeError(String evidence) implements Verdict {
        @Override public String status() { return "runtime_error"; }
    }

    /** The source did not compile; no test ran. */
    record CompileError(String evidence) implements Verdict {
        @Override public String status() { return "compile_error"; }
    }

    /** The CPU or wall-clock limit was hit. */
    record TimeLimit(String evidence) implements Verdict {
        @Override public String status() { return "time_limit"; }
    }

    /** The program ran out of its memory limit. */
    record MemoryLimit(String evidence) implements Verdict {
        @Override public String status() { return "memory_limit"; }
    }

    /** The program wrote more output, or a larger file, than allowed. */
    record OutputLimit(String evidence) implements Verdict {
        @Override public String status() { return "output_limit"; }
    }

    /** The sandbox failed; says nothing about the program. */
    record SandboxError(String evidence) implements Verdict {
        @Override public String status() { return "sandbox_error"; }
    }

    /** The test was not run (an earlier test failed and grading stops at the first failure). */
    record Skipped(String evidence) implements Verdict {
        @Override public String status() { return "skipped"; }
    }
}
