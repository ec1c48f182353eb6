package dev.arbiter.code.sandbox;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One program to run in the sandbox.
 *
 * @param command       the command line as seen inside the sandbox; the first element is an absolute path
 * @param workDir       a host directory made by {@link Sandbox#createWorkDir()} holding the program's files
 * @param mode          how the work directory appears at {@code /work} inside the sandbox
 * @param stdin         bytes fed on standard input (then end of file); {@code null} for none
 * @param limits        the resource limits
 * @param readOnlyBinds extra host paths bound read-only at the same place (a runtime's configuration directory);
 *                      paths that do not exist are skipped
 * @param env           extra environment variables (the environment is otherwise cleared)
 * @param fetchFiles    files to read back from the sandbox after the run, relative to {@code /work} or absolute
 *                      inside the sandbox; only in {@link WorkDirMode#SCRATCH}
 */
public record Invocation(List<String> command, Path workDir, WorkDirMode mode, byte[] stdin, Limits limits,
                         List<Path> readOnlyBinds, Map<String, String> env, List<String> fetchFiles) {

    /** How the host work directory appears inside the sandbox. */
    public enum WorkDirMode {
        /**
         * Bound read-write at {@code /work}: for compilers, whose output must outlive the sandbox. File sizes are
         * still capped by {@link Limits#fileSizeBytes()}.
         */
        WRITABLE,
        /**
         * {@code /work} is a private tmpfs of {@link Limits#scratchBytes()} that vanishes with the sandbox; each entry
         * of the host work directory is bound into it read-only. Programs under test run this way.
         */
        SCRATCH
    }

    public Invocation {
        command = List.copyOf(command);
        if (command.isEmpty() || !command.get(0).startsWith("/")) {
            throw new IllegalArgumentException("the command must start with an absolute path: " + command);
        }
        Objects.requireNonNull(workDir, "workDir");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(limits, "limits");
        readOnlyBinds = readOnlyBinds == null ? List.of() : List.copyOf(readOnlyBinds);
        env = env == null ? Map.of() : Map.copyOf(env);
        fetchFiles = fetchFiles == null ? List.of() : List.copyOf(fetchFiles);
        for (String f : fetchFiles) {
            if (f.isEmpty() || f.indexOf('\n') >= 0 || f.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("a fetched file name must be one non-empty line: " + f);
            }
        }
        if (!fetchFiles.isEmpty() && mode != WorkDirMode.SCRATCH) {
            throw new IllegalArgumentException("fetching files needs the SCRATCH work directory mode");
        }
    }

    public static Invocation run(List<String> command, Path workDir, byte[] stdin, Limits limits) {
        return new Invocation(command, workDir, WorkDirMode.SCRATCH, stdin, limits, List.of(), Map.of(), List.of());
    }

    public Invocation withLimits(Limits newLimits) {
        return new Invocation(command, workDir, mode, stdin, newLimits, readOnlyBinds, env, fetchFiles);
    }
}
