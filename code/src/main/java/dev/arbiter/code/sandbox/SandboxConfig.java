package dev.arbiter.code.sandbox;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How a {@link Sandbox} pool is set up.
 *
 * @param poolSize      runs executing at once (default: the number of cores)
 * @param maxQueued     runs allowed to wait for a slot; one more is refused at once as overload
 * @param maxQueueWait  the longest a run waits for a slot before it is refused as overload
 * @param stateDir      host directory for work directories and per-run files; created 0711, owned by the launcher
 *                      (a symlink or a directory owned by someone else is refused)
 * @param bwrap         the bubblewrap binary
 * @param setpriv       util-linux {@code setpriv}, used to drop to a per-run uid when the launcher is root
 * @param shell         a POSIX shell on the host (dash by default; bash also works), which opens the descriptors
 *                      bubblewrap reads and applies the rlimits with its {@code ulimit} builtin
 * @param systemDirs    host directories bound read-only at the same place (the toolchains live there);
 *                      {@code /lib}, {@code /lib64}, {@code /bin} and {@code /sbin} become symlinks into {@code /usr}
 * @param uidBase       first uid of the range per-run uids are drawn from (root launcher only)
 * @param uidRange      size of that range; runs pick a uid at random that no process on the machine uses
 * @param seccomp       whether to install the {@link SeccompFilter} (ignored off x86-64)
 */
public record SandboxConfig(int poolSize, int maxQueued, Duration maxQueueWait, Path stateDir, Path bwrap,
                            Path setpriv, Path shell, List<Path> systemDirs, int uidBase, int uidRange,
                            boolean seccomp) {

    public SandboxConfig {
        if (poolSize < 1) {
            throw new IllegalArgumentException("poolSize must be at least 1, was " + poolSize);
        }
        if (maxQueued < 0) {
            throw new IllegalArgumentException("maxQueued must not be negative, was " + maxQueued);
        }
        Objects.requireNonNull(maxQueueWait, "maxQueueWait");
        Objects.requireNonNull(stateDir, "stateDir");
        systemDirs = List.copyOf(systemDirs);
        if (uidBase < 1000 || uidRange < 16 || (long) uidBase + uidRange > 0xFFFF_FFFEL) {
            throw new IllegalArgumentException("bad uid range " + uidBase + " + " + uidRange);
        }
    }

    /** Defaults: a slot per core, 8 waiting runs per slot, 30 s of waiting, state under /dev/shm when present. */
    public static SandboxConfig defaults() {
        int cores = Runtime.getRuntime().availableProcessors();
        return new SandboxConfig(cores, cores * 8, Duration.ofSeconds(30), defaultStateDir(), Path.of("/usr/bin/bwrap"),
                Path.of("/usr/bin/setpriv"), defaultShell(), List.of(Path.of("/usr")),
                1_800_000_000, 1 << 20, true);
    }

    public SandboxConfig withPool(int size, int queued, Duration wait) {
        return new SandboxConfig(size, queued, wait, stateDir, bwrap, setpriv, shell, systemDirs, uidBase,
                uidRange, seccomp);
    }

    public SandboxConfig withStateDir(Path dir) {
        return new SandboxConfig(poolSize, maxQueued, maxQueueWait, dir, bwrap, setpriv, shell, systemDirs,
                uidBase, uidRange, seccomp);
    }

    private static Path defaultShell() {
        Path dash = Path.of("/usr/bin/dash");
        return Files.isExecutable(dash) ? dash : Path.of("/bin/sh");
    }

    /** {@code /dev/shm/arbiter-sandbox-<uid>} (tmpfs), or the same name under java.io.tmpdir. */
    private static Path defaultStateDir() {
        String name = "arbiter-sandbox-" + Sandbox.currentUid();
        Path shm = Path.of("/dev/shm");
        if (Files.isDirectory(shm) && Files.isWritable(shm)) {
            return shm.resolve(name);
        }
        return Path.of(System.getProperty("java.io.tmpdir"), name);
    }
}
