package dev.arbiter.code.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A bounded pool of bubblewrap sandboxes. Each {@link #execute} runs one program in a fresh sandbox:
 * <ul>
 *   <li><b>Namespaces:</b> {@code bwrap --unshare-all} (user, mount, PID, IPC, UTS, cgroup and network; the network
 *       namespace has only its own loopback), {@code --die-with-parent}, {@code --new-session}, uid/gid 65534 inside.</li>
 *   <li><b>Files:</b> only the configured system directories (default {@code /usr}) read-only, a fresh
 *       {@code /proc} and minimal {@code /dev}, and size-capped private tmpfs mounts at {@code /work},
 *       {@code /tmp} and {@code /dev/shm}; the root and {@code /dev} are remounted read-only. No host file outside
 *       these is visible: not {@code /etc}, not the project, not other runs' directories.</li>
 *   <li><b>Limits:</b> rlimits (set by the {@link Launcher}, or off x86-64 the launching shell's {@code ulimit}) cap address space, CPU time, file size,
 *       open files and (root launcher) processes; the pool enforces wall time (killing the whole process tree) and
 *       output caps.</li>
 *   <li><b>Fork bombs:</b> when the launcher is root, RLIMIT_NPROC is ignored for uid 0, so each run drops to its own
 *       unprivileged real uid (the {@link Launcher}, or {@code setpriv}): a uid drawn at random from {@link SandboxConfig#uidRange()} that
 *       no process on the machine is using (checked in {@code /proc}) and no other run of this pool holds. The limit
 *       then counts only that run's processes. Without root, user namespaces still isolate, but RLIMIT_NPROC would
 *       count all of the user's processes and is not applied; CPU and wall limits still end a fork bomb.</li>
 *   <li><b>Seccomp:</b> the {@link SeccompFilter}, handed over as descriptor 3.</li>
 * </ul>
 * Admission: at most {@link SandboxConfig#poolSize()} runs execute at once; up to {@link SandboxConfig#maxQueued()}
 * more wait, each at most the given wait; anything beyond is refused at once with
 * {@link SandboxOverloadedException}. Thread-safe; the calling thread supervises its run (no helper threads).
 */
public final class Sandbox implements AutoCloseable {
    /** The uid and gid programs see inside the sandbox. */
    public static final int SANDBOX_UID = 65534;
    /** Bubblewrap's own processes counted against RLIMIT_NPROC (its monitor and its PID-namespace init). */
    static final int BWRAP_PROCESSES = 2;

    private static final Pattern EXIT_CODE = Pattern.compile("\"exit-code\"\\s*:\\s*(-?\\d+)");
    private static final String FETCH_LAUNCHER = """
            files=''
            while [ "$1" != -- ]; do files="$files
            $1"; shift; done
            shift
            "$@" 5>&-
            rc=$?
            IFS='
            '
            for f in $files; do
              if [ -f "$f" ]; then printf '1 ' >&5; /usr/bin/base64 -w0 -- "$f" >&5; echo >&5; else echo 0 >&5; fi
            done
            exit $rc
            """;

    private final SandboxConfig config;
    private final Semaphore slots;
    private final AtomicInteger waiting = new AtomicInteger();
    private final AtomicLong started = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final Set<Integer> leasedUids = ConcurrentHashMap.newKeySet();
    private final SecureRandom random = new SecureRandom();
    private final boolean root;
    private final Object setupLock = new Object();
    private volatile Setup setup;
    /** The uids of the range seen in use by the last scan of /proc, and when (System.nanoTime). */
    private volatile BusyUids busyUids = new BusyUids(Set.of(), Long.MIN_VALUE / 2);

    private record BusyUids(Set<Integer> uids, long scannedAtNanos) {
    }

    /** How long a scan of /proc for busy uids is reused; a run's own zombies are reaped within it anyway. */
    static final long UID_SCAN_REUSE_NANOS = 250_000_000L;

    /** {@code launcher} is null when runs start through the shell and setpriv. */
    private record Setup(Path runs, Path io, Path seccompFile, Path launcher) {
    }

    private final boolean nativeLauncher;

    public Sandbox(SandboxConfig config) {
        this(config, Launcher.supportedHere());
    }

    /** {@code nativeLauncher}: start runs through the {@link Launcher} (x86-64 only), else through the shell. */
    Sandbox(SandboxConfig config, boolean nativeLauncher) {
        this.config = config;
        this.slots = new Semaphore(config.poolSize(), true);
        this.root = currentUid() == 0;
        this.nativeLauncher = nativeLauncher && Launcher.supportedHere();
    }

    public SandboxConfig config() {
        return config;
    }

    /** Runs executing now. */
    public int inFlight() {
        return config.poolSize() - slots.availablePermits();
    }

    /** Runs waiting for a slot now. */
    public int queued() {
        return waiting.get();
    }

    /** Runs refused as overload since this pool was made. */
    public long refusedCount() {
        return refused.get();
    }

    /** Sandboxes started since this pool was made. */
    public long startedCount() {
        return started.get();
    }

    /** Whether each run gets its own unprivileged uid (the launcher is root). */
    public boolean perRunUids() {
        return root;
    }

    /** Why this machine cannot run sandboxes (a missing tool), or empty when it can. */
    public Optional<String> unavailableReason() {
        if (!Files.isExecutable(config.bwrap())) {
            return Optional.of(config.bwrap() + " is not installed (Debian package bubblewrap)");
        }
        if (nativeLauncher) {
            return Optional.empty();
        }
        if (!Files.isExecutable(config.shell())) {
            return Optional.of(config.shell() + " is not installed (Debian package dash)");
        }
        if (root && !Files.isExecutable(config.setpriv())) {
            return Optional.of(config.setpriv() + " is not installed (Debian package util-linux)");
        }
        return Optional.empty();
    }

    /** A one-line description of the isolation in force, for responses and logs. */
    public String backend() {
        return "bubblewrap+rlimits" + (useSeccomp() ? "+seccomp" : "") + (root ? "+per-run-uid" : "+userns");
    }

    private boolean useSeccomp() {
        return config.seccomp() && SeccompFilter.supportedHere();
    }

    /** A fresh host work directory for one program (0755 inside a 0711 parent, random name). */
    public WorkDir createWorkDir() {
        Setup s = setup();
        for (int i = 0; i < 8; i++) {
            Path dir = s.runs.resolve(randomName());
            try {
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
                return new WorkDir(dir);
            } catch (FileAlreadyExistsException e) {
                // try another name
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create a work directory under " + s.runs, e);
            }
        }
        throw new IllegalStateException("cannot find a free work directory name under " + s.runs);
    }

    /** {@link #execute(Invocation, Duration)} with the configured longest wait. */
    public Execution execute(Invocation inv) throws SandboxOverloadedException, InterruptedException {
        return execute(inv, config.maxQueueWait());
    }

    /**
     * Runs {@code inv} in a fresh sandbox once a slot is free. Never throws for anything the program does: every
     * outcome is an {@link Execution}; a failure of the sandbox itself is {@link Termination.SandboxFailure}.
     *
     * @param maxWait the longest to wait for a slot (capped by the configured wait)
     * @throws SandboxOverloadedException when the queue is full or no slot frees up within {@code maxWait}
     * @throws InterruptedException when the calling thread is interrupted; the sandbox is killed first
     */
    public Execution execute(Invocation inv, Duration maxWait) throws SandboxOverloadedException, InterruptedException {
        admit(maxWait);
        try {
            return executeAdmitted(inv);
        } finally {
            slots.release();
        }
    }

    private void admit(Duration maxWait) throws SandboxOverloadedException, InterruptedException {
        if (slots.tryAcquire()) {
            return;
        }
        if (waiting.incrementAndGet() > config.maxQueued()) {
            waiting.decrementAndGet();
            refused.incrementAndGet();
            throw new SandboxOverloadedException("sandbox pool overloaded: all " + config.poolSize()
                    + " slots busy and " + config.maxQueued() + " runs already waiting");
        }
        try {
            Duration wait = maxWait.compareTo(config.maxQueueWait()) < 0 ? maxWait : config.maxQueueWait();
            if (!slots.tryAcquire(Math.max(0, wait.toNanos()), TimeUnit.NANOSECONDS)) {
                refused.incrementAndGet();
                throw new SandboxOverloadedException("sandbox pool overloaded: no slot of " + config.poolSize()
                        + " became free within " + wait.toMillis() + " ms");
            }
        } finally {
            waiting.decrementAndGet();
        }
    }

    private Execution executeAdmitted(Invocation inv) throws InterruptedException {
        long t0 = System.nanoTime();
        Optional<String> missing = unavailableReason();
        if (missing.isPresent()) {
            return Execution.failure(missing.get(), Duration.ZERO);
        }
        Setup s;
        try {
            s = setup();
        } catch (RuntimeException e) {
            return Execution.failure("cannot prepare the sandbox state directory: " + e.getMessage(), Duration.ZERO);
        }
        String name = randomName();
        Path stdinFile = s.io.resolve(name + ".in");
        Path statusFile = s.io.resolve(name + ".status");
        Path fetchFile = s.io.resolve(name + ".fetch");
        Path outFile = s.io.resolve(name + ".out");
        Path errFile = s.io.resolve(name + ".err");
        int uid = -1;
        try {
            if (inv.stdin() != null) {
                Files.write(stdinFile, inv.stdin());
            }
            if (root) {
                uid = leaseUid();
                if (inv.mode() == Invocation.WorkDirMode.WRITABLE) {
                    Files.setAttribute(inv.workDir(), "unix:uid", uid);
                    Files.setAttribute(inv.workDir(), "unix:gid", uid);
                }
            }
            List<String> cmd = commandLine(inv, s, uid, statusFile, fetchFile);
            ProcessBuilder pb = new ProcessBuilder(cmd);
            pb.environment().clear();
            pb.environment().put("PATH", "/usr/bin:/bin");
            pb.redirectInput(inv.stdin() != null ? stdinFile.toFile() : new java.io.File("/dev/null"));
            pb.redirectOutput(outFile.toFile());
            pb.redirectError(errFile.toFile());
            started.incrementAndGet();
            return supervise(pb, inv, statusFile, fetchFile, outFile, errFile, t0);
        } catch (IOException e) {
            return Execution.failure("I/O error around the sandbox: " + e.getMessage(), elapsed(t0));
        } finally {
            if (uid >= 0) {
                leasedUids.remove(uid);
            }
            deleteQuietly(stdinFile);
            deleteQuietly(statusFile);
            deleteQuietly(fetchFile);
            deleteQuietly(outFile);
            deleteQuietly(errFile);
        }
    }

    /**
     * Waits for the run (at most the wall limit, then kills the process tree) and collects what it left. Standard
     * output and error go to files, not pipes: nothing can block on a full pipe and no reader threads are needed.
     * A stream larger than its cap is truncated at the cap and marks the run {@link Termination.OutputExceeded};
     * a program that keeps writing is stopped by the file-size limit ({@code SIGXFSZ}), which is never below the caps.
     */
    private Execution supervise(ProcessBuilder pb, Invocation inv, Path statusFile, Path fetchFile, Path outFile,
                                Path errFile, long t0) throws IOException, InterruptedException {
        Limits limits = inv.limits();
        Process process = start(pb);
        boolean exited;
        try {
            exited = process.waitFor(limits.wallTime().toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            killTree(process);
            waitFor(process, 5_000);
            throw e;
        }
        if (!exited) {
            killTree(process);
            if (!waitFor(process, 5_000)) {
                killTree(process);
                waitFor(process, 5_000);
            }
        }
        Duration wall = elapsed(t0);
        Captured out = capture(outFile, limits.stdoutBytes());
        Captured err = capture(errFile, limits.stderrBytes());
        Map<String, byte[]> fetched = inv.fetchFiles().isEmpty() ? Map.of() : readFetched(fetchFile, inv.fetchFiles());
        Termination termination;
        if (out.truncated) {
            termination = new Termination.OutputExceeded("stdout", limits.stdoutBytes());
        } else if (err.truncated) {
            termination = new Termination.OutputExceeded("stderr", limits.stderrBytes());
        } else if (!exited) {
            termination = new Termination.WallTimeExceeded(limits.wallTime());
        } else {
            termination = exitStatus(statusFile)
                    .<Termination>map(Termination.Exited::new)
                    .orElseGet(() -> new Termination.SandboxFailure("bubblewrap did not start the program: "
                            + lastLine(err.bytes)));
        }
        return new Execution(termination, out.bytes, err.bytes, out.truncated, err.truncated, wall, fetched);
    }

    /**
     * Starts the process, retrying a few times on ETXTBSY: right after the launcher is written, a process another
     * thread is spawning may briefly hold an inherited descriptor of it open for writing.
     */
    private static Process start(ProcessBuilder pb) throws IOException, InterruptedException {
        for (int attempt = 0; ; attempt++) {
            try {
                return pb.start();
            } catch (IOException e) {
                if (attempt >= 5 || e.getMessage() == null || !e.getMessage().contains("error=26,")) {
                    throw e;
                }
                Thread.sleep(10L << attempt);
            }
        }
    }

    private record Captured(byte[] bytes, boolean truncated) {
    }

    /** The first {@code cap} bytes of a stream's file, and whether there was more. */
    private static Captured capture(Path file, long cap) throws IOException {
        if (!Files.exists(file)) {
            return new Captured(new byte[0], false);
        }
        long size = Files.size(file);
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes((int) Math.min(size, Math.min(cap, Integer.MAX_VALUE - 8)));
            return new Captured(bytes, size > cap);
        }
    }

    /** Kills the sandbox: its PID-namespace init (which takes every process in the namespace along), then the rest. */
    private static void killTree(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    private static boolean waitFor(Process p, long millis) {
        long end = System.nanoTime() + millis * 1_000_000;
        boolean interrupted = false;
        try {
            while (true) {
                long left = end - System.nanoTime();
                if (left <= 0) {
                    return !p.isAlive();
                }
                try {
                    return p.waitFor(left, TimeUnit.NANOSECONDS);
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private List<String> commandLine(Invocation inv, Setup s, int uid, Path statusFile, Path fetchFile) throws IOException {
        Limits l = inv.limits();
        List<String> cmd = new ArrayList<>();
        if (s.launcher != null) {
            launcherPrefix(cmd, l, s, uid, statusFile, inv.fetchFiles().isEmpty() ? null : fetchFile);
        } else {
            shellPrefix(cmd, l, s, uid, statusFile, inv.fetchFiles().isEmpty() ? null : fetchFile);
        }
        cmd.add(config.bwrap().toString());
        cmd.addAll(List.of("--unshare-all", "--die-with-parent", "--new-session", "--hostname", "sandbox"));
        bwrapArguments(cmd, inv, l);
        return cmd;
    }

    /**
     * The {@link Launcher} opens descriptors 3 (seccomp filter), 4 (status) and 5 (fetched files), sets the same
     * rlimits as {@link #shellPrefix} (CPU soft at the limit, hard one second later; address space rounded up to KiB
     * and file size to 512-byte blocks, as the shell's ulimit would), drops to the run's uid (root launcher) and
     * execs bubblewrap: one small static exec instead of dash and setpriv.
     */
    private void launcherPrefix(List<String> cmd, Limits l, Setup s, int uid, Path statusFile, Path fetchFile) {
        cmd.add(s.launcher.toString());
        cmd.add(useSeccomp() ? s.seccompFile.toString() : "/dev/null");
        cmd.add(statusFile.toString());
        cmd.add(fetchFile == null ? "-" : fetchFile.toString());
        cmd.add(root ? Integer.toString(uid) : "-");
        List<long[]> rl = new ArrayList<>();
        rl.add(new long[] {Launcher.RLIMIT_CPU, l.cpuSeconds(), l.cpuSeconds() + 1});
        long as = ceilDiv(l.memoryBytes(), 1024) * 1024;
        rl.add(new long[] {Launcher.RLIMIT_AS, as, as});
        long fsize = ceilDiv(fileSizeLimit(l), 512) * 512;
        rl.add(new long[] {Launcher.RLIMIT_FSIZE, fsize, fsize});
        rl.add(new long[] {Launcher.RLIMIT_NOFILE, l.openFiles(), l.openFiles()});
        rl.add(new long[] {Launcher.RLIMIT_CORE, 0, 0});
        if (root) {
            long nproc = l.processes() + BWRAP_PROCESSES;
            rl.add(new long[] {Launcher.RLIMIT_NPROC, nproc, nproc});
        }
        cmd.add(Integer.toString(rl.size()));
        for (long[] r : rl) {
            for (long v : r) {
                cmd.add(Long.toString(v));
            }
        }
    }

    private void shellPrefix(List<String> cmd, Limits l, Setup s, int uid, Path statusFile, Path fetchFile) {
        cmd.add(config.shell().toString());
        cmd.add("-c");
        // The shell opens the descriptors bubblewrap reads (3: seccomp filter, 4: status, 5: fetched files), sets the
        // rlimits with its ulimit builtin (soft and hard; CPU gets one second of grace before SIGKILL; -f counts
        // 512-byte blocks, -v KiB), then becomes setpriv (root launcher) and bubblewrap: no extra processes.
        cmd.add("exec 3<\"$1\" 4>\"$2\" || exit 125; if [ \"$3\" != - ]; then exec 5>\"$3\" || exit 125; fi; "
                + "ulimit -S -t " + l.cpuSeconds() + " && ulimit -H -t " + (l.cpuSeconds() + 1)
                + " && ulimit -v " + ceilDiv(l.memoryBytes(), 1024) + " && ulimit -f " + ceilDiv(fileSizeLimit(l), 512)
                + " && ulimit -n " + l.openFiles() + " && ulimit -c 0"
                + (root ? " && ulimit " + processFlag() + " " + (l.processes() + BWRAP_PROCESSES) : "")
                + " || exit 125; shift 3; exec \"$@\"");
        cmd.add("sh");
        cmd.add(useSeccomp() ? s.seccompFile.toString() : "/dev/null");
        cmd.add(statusFile.toString());
        cmd.add(fetchFile == null ? "-" : fetchFile.toString());
        if (root) {
            cmd.addAll(List.of(config.setpriv().toString(), "--reuid=" + uid, "--regid=" + uid, "--clear-groups", "--"));
        }
    }

    private void bwrapArguments(List<String> cmd, Invocation inv, Limits l) throws IOException {
        for (Path dir : config.systemDirs()) {
            if (Files.exists(dir)) {
                cmd.addAll(List.of("--ro-bind", dir.toString(), dir.toString()));
            }
        }
        cmd.addAll(List.of("--symlink", "usr/lib", "/lib", "--symlink", "usr/lib64", "/lib64",
                "--symlink", "usr/bin", "/bin", "--symlink", "usr/sbin", "/sbin"));
        for (Path p : inv.readOnlyBinds()) {
            if (Files.exists(p)) {
                cmd.addAll(List.of("--ro-bind", p.toString(), p.toString()));
            }
        }
        String scratch = Long.toString(l.scratchBytes());
        cmd.addAll(List.of("--proc", "/proc", "--dev", "/dev"));
        cmd.addAll(List.of("--size", scratch, "--perms", "1777", "--tmpfs", "/dev/shm", "--remount-ro", "/dev"));
        cmd.addAll(List.of("--size", scratch, "--perms", "1777", "--tmpfs", "/tmp"));
        if (inv.mode() == Invocation.WorkDirMode.WRITABLE) {
            cmd.addAll(List.of("--bind", inv.workDir().toString(), "/work"));
        } else {
            cmd.addAll(List.of("--size", scratch, "--perms", "0700", "--tmpfs", "/work"));
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(inv.workDir())) {
                List<Path> sorted = new ArrayList<>();
                entries.forEach(sorted::add);
                sorted.sort(null);
                for (Path e : sorted) {
                    if (Files.isSymbolicLink(e)) {
                        continue; // bubblewrap would follow it on the host
                    }
                    cmd.addAll(List.of("--ro-bind", e.toString(), "/work/" + e.getFileName()));
                }
            }
        }
        cmd.addAll(List.of("--remount-ro", "/", "--chdir", "/work", "--clearenv"));
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", "/usr/local/bin:/usr/bin:/bin");
        env.put("LANG", "C.UTF-8");
        env.put("HOME", "/work");
        env.put("TMPDIR", "/tmp");
        env.putAll(inv.env());
        env.forEach((k, v) -> cmd.addAll(List.of("--setenv", k, v)));
        cmd.addAll(List.of("--uid", Integer.toString(SANDBOX_UID), "--gid", Integer.toString(SANDBOX_UID)));
        cmd.addAll(List.of("--json-status-fd", "4"));
        if (useSeccomp()) {
            cmd.addAll(List.of("--seccomp", "3"));
        }
        cmd.add("--");
        if (!inv.fetchFiles().isEmpty()) {
            cmd.addAll(List.of("/usr/bin/sh", "-c", FETCH_LAUNCHER, "sh"));
            cmd.addAll(inv.fetchFiles());
            cmd.add("--");
        }
        cmd.addAll(inv.command());
    }

    /**
     * RLIMIT_FSIZE: the configured file size, but never below the output caps plus one byte, because standard output
     * and error are files too and a stream over its cap must be seen as such.
     */
    static long fileSizeLimit(Limits l) {
        return Math.max(l.fileSizeBytes(), Math.max(l.stdoutBytes(), l.stderrBytes()) + 512);
    }

    /** The shell's ulimit flag for RLIMIT_NPROC: {@code -u} in bash, {@code -p} in dash. */
    private String processFlag() {
        String name = config.shell().getFileName().toString();
        try {
            name = config.shell().toRealPath().getFileName().toString();
        } catch (IOException e) {
            // keep the configured name
        }
        return name.contains("bash") ? "-u" : "-p";
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }

    private static Optional<Integer> exitStatus(Path statusFile) {
        try {
            String text = Files.readString(statusFile, StandardCharsets.UTF_8);
            Matcher m = EXIT_CODE.matcher(text);
            if (m.find()) {
                return Optional.of(Integer.parseInt(m.group(1)));
            }
        } catch (IOException | RuntimeException e) {
            // no status: bubblewrap did not get to run the program
        }
        return Optional.empty();
    }

    private static Map<String, byte[]> readFetched(Path fetchFile, List<String> names) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        try {
            List<String> lines = Files.readAllLines(fetchFile, StandardCharsets.US_ASCII);
            for (int i = 0; i < names.size() && i < lines.size(); i++) {
                String line = lines.get(i);
                if (line.startsWith("1 ")) {
                    out.put(names.get(i), Base64.getDecoder().decode(line.substring(2).strip()));
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            // a program that killed its launcher gets no files back
        }
        return out;
    }

    /**
     * A uid for one run: random in the configured range (2^20 uids by default), not held by another run of this
     * pool, and not used by any process on the machine in the last scan of {@code /proc} (live processes and
     * zombies waiting to be reaped; the scan is at most 250 ms old), so RLIMIT_NPROC counts this run's processes
     * only. A collision with a run of another pool started since the scan needs the same uid out of a million.
     */
    private int leaseUid() {
        BusyUids seen = busyUids;
        if (System.nanoTime() - seen.scannedAtNanos() > UID_SCAN_REUSE_NANOS) {
            seen = new BusyUids(uidsInUse(config.uidBase(), config.uidRange()), System.nanoTime());
            busyUids = seen;
        }
        Set<Integer> busy = seen.uids();
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        for (int attempt = 0; attempt < 1000; attempt++) {
            int uid = config.uidBase() + rnd.nextInt(config.uidRange());
            if (!busy.contains(uid) && leasedUids.add(uid)) {
                return uid;
            }
        }
        throw new IllegalStateException("no free uid in " + config.uidBase() + "+" + config.uidRange());
    }

    /**
     * The uids of this pool's range that have a running (not zombie) process on the machine right now. Empty
     * between runs: a sandbox leaves nothing running behind. Tests use it to show that nothing outlives a run.
     * (Bubblewrap's namespace init exits with the program but is reaped by the host's pid 1, which on some machines
     * does so only every few seconds; such zombies run no code and are not counted here.)
     */
    public Set<Integer> liveRunUids() {
        return uidsInUse(config.uidBase(), config.uidRange(), false);
    }

    static Set<Integer> uidsInUse(int base, int range) {
        return uidsInUse(base, range, true);
    }

    private static Set<Integer> uidsInUse(int base, int range, boolean countZombies) {
        Set<Integer> out = new HashSet<>();
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"))) {
            for (Path p : procs) {
                String n = p.getFileName().toString();
                if (n.isEmpty() || !Character.isDigit(n.charAt(0))) {
                    continue;
                }
                try {
                    int uid = (Integer) Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS);
                    if (uid >= base && uid - base < range && (countZombies || !isZombie(p))) {
                        out.add(uid);
                    }
                } catch (IOException | RuntimeException e) {
                    // the process ended while we looked
                }
            }
        } catch (IOException e) {
            // no /proc: nothing known to be busy
        }
        return out;
    }

    private static boolean isZombie(Path procDir) {
        try {
            String stat = Files.readString(procDir.resolve("stat"));
            int close = stat.lastIndexOf(')');
            return close > 0 && close + 2 < stat.length() && stat.charAt(close + 2) == 'Z';
        } catch (IOException | RuntimeException e) {
            return true;
        }
    }

    private Setup setup() {
        Setup s = setup;
        if (s != null) {
            return s;
        }
        synchronized (setupLock) {
            if (setup == null) {
                setup = createSetup();
            }
            return setup;
        }
    }

    private Setup createSetup() {
        try {
            Path state = config.stateDir();
            Files.createDirectories(state);
            int owner = (Integer) Files.getAttribute(state, "unix:uid", LinkOption.NOFOLLOW_LINKS);
            if (Files.isSymbolicLink(state) || !Files.isDirectory(state, LinkOption.NOFOLLOW_LINKS)
                    || owner != currentUid()) {
                throw new IOException(state + " is not a directory owned by this user (uid " + currentUid() + ")");
            }
            Files.setPosixFilePermissions(state, PosixFilePermissions.fromString("rwx--x--x"));
            Path runs = state.resolve("runs");
            Files.createDirectories(runs);
            Files.setPosixFilePermissions(runs, PosixFilePermissions.fromString("rwx--x--x"));
            Path io = state.resolve("io");
            Files.createDirectories(io);
            Files.setPosixFilePermissions(io, PosixFilePermissions.fromString("rwx------"));
            byte[] filter = SeccompFilter.bytes();
            Path seccomp = io.resolve("seccomp-" + sha256(filter).substring(0, 16) + ".bpf");
            if (!Files.exists(seccomp)) {
                Path tmp = io.resolve(randomName() + ".tmp");
                Files.write(tmp, filter);
                Files.move(tmp, seccomp, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
            Path launcher = null;
            if (nativeLauncher) {
                byte[] elf = Launcher.elf();
                launcher = io.resolve("launcher-" + sha256(elf).substring(0, 16));
                if (!Files.isRegularFile(launcher, LinkOption.NOFOLLOW_LINKS)) {
                    Path tmp = io.resolve(randomName() + ".tmp");
                    Files.write(tmp, elf);
                    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("r-x------"));
                    Files.move(tmp, launcher, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                }
            }
            return new Setup(runs, io, seccomp, launcher);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String randomName() {
        byte[] b = new byte[12];
        random.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** Nothing to release today (runs leave no state behind); kept so owners can scope a pool. */
    @Override
    public void close() {
    }

    private static Duration elapsed(long t0) {
        return Duration.ofNanos(System.nanoTime() - t0);
    }

    private static String lastLine(byte[] stderr) {
        String s = new String(stderr, StandardCharsets.UTF_8).strip();
        int nl = s.lastIndexOf('\n');
        String line = nl >= 0 ? s.substring(nl + 1) : s;
        return line.isEmpty() ? "(no message)" : line.length() > 300 ? line.substring(0, 300) : line;
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            // best effort
        }
    }

    static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static int currentUid() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return Integer.parseInt(line.substring(4).trim().split("\\s+")[1]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // fall through
        }
        return -1;
    }

    /**
     * A host directory holding one program's files. Deleted with everything in it on {@link #close()}.
     */
    public static final class WorkDir implements AutoCloseable {
        private final Path path;

        WorkDir(Path path) {
            this.path = path;
        }

        public Path path() {
            return path;
        }

        /**
         * Writes a file at a relative path (parent directories are created).
         *
         * @throws IllegalArgumentException when the path is absolute or leaves the directory
         */
        public Path write(String relative, byte[] content) throws IOException {
            Path target = resolve(relative);
            Files.createDirectories(target.getParent());
            Files.write(target, content);
            return target;
        }

        /** The host path of a relative name, refusing absolute paths and {@code ..}. */
        public Path resolve(String relative) {
            Path rel = Path.of(relative).normalize();
            if (relative.isEmpty() || rel.isAbsolute() || rel.startsWith("..") || rel.toString().isEmpty()) {
                throw new IllegalArgumentException("file path must be relative and stay inside the work directory: "
                        + relative);
            }
            return path.resolve(rel);
        }

        @Override
        public void close() {
            try (var walk = Files.walk(path)) {
                List<Path> all = new ArrayList<>(walk.toList());
                java.util.Collections.reverse(all);
                for (Path p : all) {
                    Files.deleteIfExists(p);
                }
            } catch (IOException | UncheckedIOException e) {
                // best effort: the state directory is on tmpfs and private
            }
        }
    }
}
