package dev.arbiter.code;

import dev.arbiter.code.sandbox.Execution;
import dev.arbiter.code.sandbox.Invocation;
import dev.arbiter.code.sandbox.Limits;
import dev.arbiter.code.sandbox.Sandbox;
import dev.arbiter.code.sandbox.SandboxOverloadedException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Compiles and runs source code of a {@link Language} in a {@link Sandbox}. A {@link Program} is compiled once and
 * run any number of times (one fresh sandbox per run). Thread-safe; the sandbox is owned by the caller.
 */
public final class CodeRunner {
    private final Sandbox sandbox;

    public CodeRunner(Sandbox sandbox) {
        this.sandbox = Objects.requireNonNull(sandbox, "sandbox");
    }

    public Sandbox sandbox() {
        return sandbox;
    }

    /**
     * Writes {@code code} (and {@code extraFiles}, relative paths) to a fresh work directory and compiles it when the
     * language is compiled. The returned program must be closed; a compile failure is reported by
     * {@link Program#compileFailure()}, not thrown.
     *
     * @throws Language.ToolchainMissingException when the language's programs are not installed
     * @throws IllegalArgumentException when an extra file's path is absolute or leaves the work directory
     */
    public Program prepare(Language lang, String code, Map<String, byte[]> extraFiles, Limits compileLimits,
                           Duration maxWait)
            throws SandboxOverloadedException, InterruptedException, Language.ToolchainMissingException, IOException {
        String source = lang.sourceFileFor(code);
        String main = lang.mainNameFor(code);
        Map<String, String> vars = Map.of("source", source, "main", main, "memory_mb", "0");
        if (lang.compiled()) {
            lang.command(lang.compile(), vars);
        }
        lang.command(lang.run(), vars);
        Sandbox.WorkDir dir = sandbox.createWorkDir();
        boolean ok = false;
        try {
            for (Map.Entry<String, byte[]> f : extraFiles.entrySet()) {
                dir.write(f.getKey(), f.getValue());
            }
            dir.write(source, code.getBytes(StandardCharsets.UTF_8));
            Program program = new Program(this, lang, dir, source, main);
            if (lang.compiled()) {
                Limits limits = adjust(lang, compileLimits);
                Invocation inv = new Invocation(lang.command(lang.compile(), program.vars(compileLimits)), dir.path(),
                        Invocation.WorkDirMode.WRITABLE, null, limits, lang.hostBinds(), Map.of(), List.of());
                Execution compiled = sandbox.execute(inv, maxWait);
                program.setCompiled(compiled, limits);
            }
            ok = true;
            return program;
        } finally {
            if (!ok) {
                dir.close();
            }
        }
    }

    /** {@code limits} with the language's extra address space, processes and descriptors added. */
    static Limits adjust(Language lang, Limits limits) {
        return new Limits(limits.cpuTime(), limits.wallTime(), limits.memoryBytes() + lang.memoryExtraMb() * Limits.MIB,
                limits.processes() + lang.extraProcesses(), limits.openFiles() + lang.extraOpenFiles(),
                limits.fileSizeBytes(), limits.stdoutBytes(), limits.stderrBytes(), limits.scratchBytes());
    }

    /** A prepared (and, for compiled languages, compiled) program in its own work directory. */
    public static final class Program implements AutoCloseable {
        private final CodeRunner runner;
        private final Language language;
        private final Sandbox.WorkDir dir;
        private final String sourceFile;
        private final String main;
        private Execution compileExecution;
        private Verdict compileFailure;

        Program(CodeRunner runner, Language language, Sandbox.WorkDir dir, String sourceFile, String main) {
            this.runner = runner;
            this.language = language;
            this.dir = dir;
            this.sourceFile = sourceFile;
            this.main = main;
        }

        Map<String, String> vars(Limits limits) {
            return Map.of("source", sourceFile, "main", main, "memory_mb",
                    Long.toString(limits.memoryBytes() / Limits.MIB));
        }

        void setCompiled(Execution e, Limits limits) {
            this.compileExecution = e;
            Optional<Verdict> failure = RunClassifier.failure(e, language, limits);
            if (failure.isPresent()) {
                Verdict v = failure.get();
                if (v instanceof Verdict.SandboxError) {
                    compileFailure = v;
                } else if (v instanceof Verdict.RuntimeError) {
                    String msg = RunClassifier.head(e.stderrText().isBlank() ? e.stdoutText() : e.stderrText());
                    compileFailure = new Verdict.CompileError(msg.isEmpty() ? "the compiler failed ("
                            + e.termination().describe() + ")" : msg);
                } else {
                    compileFailure = new Verdict.CompileError("the compiler hit a limit: " + v.evidence());
                }
            }
        }

        public Language language() {
            return language;
        }

        /** The compile step's execution, for compiled languages. */
        public Optional<Execution> compileExecution() {
            return Optional.ofNullable(compileExecution);
        }

        /** Why the program cannot run: a compile error (or a sandbox error while compiling). */
        public Optional<Verdict> compileFailure() {
            return Optional.ofNullable(compileFailure);
        }

        /**
         * Runs the program once in a fresh sandbox. Compile failures must be checked first.
         *
         * @param fetchFiles files to read back after the run (see {@link Invocation#fetchFiles()})
         */
        public Execution run(byte[] stdin, Limits limits, List<String> fetchFiles, Duration maxWait)
                throws SandboxOverloadedException, InterruptedException {
            if (compileFailure != null) {
                throw new IllegalStateException("the program did not compile");
            }
            List<String> cmd;
            try {
                cmd = language.command(language.run(), vars(limits));
            } catch (Language.ToolchainMissingException e) {
                return Execution.failure(e.getMessage(), Duration.ZERO);
            }
            Invocation inv = new Invocation(cmd, dir.path(), Invocation.WorkDirMode.SCRATCH, stdin,
                    adjust(language, limits), language.hostBinds(), Map.of(), fetchFiles);
            return runner.sandbox.execute(inv, maxWait);
        }

        /** The limits a run actually gets (the language's extras added). */
        public Limits effectiveLimits(Limits limits) {
            return adjust(language, limits);
        }

        @Override
        public void close() {
            dir.close();
        }
    }
}
