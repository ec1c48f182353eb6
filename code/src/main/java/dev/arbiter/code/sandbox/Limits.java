package dev.arbiter.code.sandbox;

import java.time.Duration;
import java.util.Objects;

/**
 * The resource limits of one sandboxed execution. Every limit is always applied; there is no "unlimited".
 *
 * @param cpuTime        CPU time of each process ({@code RLIMIT_CPU}, rounded up to whole seconds by the kernel);
 *                       the process gets {@code SIGXCPU} at the limit and {@code SIGKILL} one second later
 * @param wallTime       wall-clock time of the whole run; at the limit the whole process tree is killed
 * @param memoryBytes    address space of each process ({@code RLIMIT_AS}); languages whose runtimes reserve large
 *                       virtual ranges (JVM, V8) get their own extra on top, see {@code Language}
 * @param processes      processes and threads of the run's user ({@code RLIMIT_NPROC}); enforced when the launcher
 *                       runs as root, because each concurrent run then gets its own unprivileged uid
 * @param openFiles      open file descriptors per process ({@code RLIMIT_NOFILE})
 * @param fileSizeBytes  size of any file a process writes ({@code RLIMIT_FSIZE}); beyond it writes fail with EFBIG
 *                       or the process gets {@code SIGXFSZ}
 * @param stdoutBytes    bytes of standard output kept; more marks the output truncated and the run
 *                       {@code output_limit} (a program that keeps writing is stopped by the file-size limit, which
 *                       the sandbox never sets below the caps)
 * @param stderrBytes    bytes of standard error kept, with the same rule
 * @param scratchBytes   size of the private writable tmpfs mounted at the working directory and at {@code /tmp}
 */
public record Limits(Duration cpuTime, Duration wallTime, long memoryBytes, int processes, int openFiles,
                     long fileSizeBytes, long stdoutBytes, long stderrBytes, long scratchBytes) {

    public static final long MIB = 1024L * 1024L;

    public Limits {
        Objects.requireNonNull(cpuTime, "cpuTime");
        Objects.requireNonNull(wallTime, "wallTime");
        if (cpuTime.isNegative() || cpuTime.isZero() || wallTime.isNegative() || wallTime.isZero()) {
            throw new IllegalArgumentException("time limits must be positive: cpu " + cpuTime + ", wall " + wallTime);
        }
        if (memoryBytes < 16 * MIB) {
            throw new IllegalArgumentException("memory limit must be at least 16 MiB, was " + memoryBytes);
        }
        if (processes < 1 || openFiles < 8 || fileSizeBytes < 0 || stdoutBytes < 0 || stderrBytes < 0
                || scratchBytes < MIB) {
            throw new IllegalArgumentException("invalid limits: processes " + processes + ", open files " + openFiles
                    + ", file size " + fileSizeBytes + ", stdout " + stdoutBytes + ", stderr " + stderrBytes
                    + ", scratch " + scratchBytes);
        }
    }

    /** Defaults for running one test of a solution: 2 s CPU, 5 s wall, 512 MiB, 64 processes, 8 MiB of output. */
    public static Limits defaults() {
        return new Limits(Duration.ofSeconds(2), Duration.ofSeconds(5), 512 * MIB, 64, 64, 16 * MIB, 8 * MIB, MIB,
                64 * MIB);
    }

    /** Limits for a compiler: generous memory, processes and time, the same output caps. */
    public static Limits compilerDefaults() {
        return new Limits(Duration.ofSeconds(10), Duration.ofSeconds(20), 2048 * MIB, 256, 256, 256 * MIB, 8 * MIB,
                4 * MIB, 256 * MIB);
    }

    public Limits withTimes(Duration cpu, Duration wall) {
        return new Limits(cpu, wall, memoryBytes, processes, openFiles, fileSizeBytes, stdoutBytes, stderrBytes,
                scratchBytes);
    }

    public Limits withWallTime(Duration wall) {
        return withTimes(cpuTime, wall);
    }

    public Limits withMemoryBytes(long bytes) {
        return new Limits(cpuTime, wallTime, bytes, processes, openFiles, fileSizeBytes, stdoutBytes, stderrBytes,
                scratchBytes);
    }

    public Limits withProcesses(int n) {
        return new Limits(cpuTime, wallTime, memoryBytes, n, openFiles, fileSizeBytes, stdoutBytes, stderrBytes,
                scratchBytes);
    }

    /** The CPU limit in whole seconds as the kernel applies it (rounded up, at least 1). */
    public long cpuSeconds() {
        long s = (cpuTime.toMillis() + 999) / 1000;
        return Math.max(1, s);
    }
}
