package dev.arbiter.code.sandbox;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The native launcher: its bytes match its source, and runs through it look exactly like runs through the shell. */
class LauncherTest {

    @Test
    void codeIsTheAssembledSource() throws Exception {
        Path as = Path.of("/usr/bin/as");
        Path objcopy = Path.of("/usr/bin/objcopy");
        assumeTrue(Files.isExecutable(as) && Files.isExecutable(objcopy), "binutils not installed");
        Path src = Path.of("src/main/asm/launcher.S").toAbsolutePath();
        assumeTrue(Files.exists(src), "run from the code module");
        Path dir = Files.createTempDirectory("launcher");
        try {
            Path obj = dir.resolve("l.o");
            Path bin = dir.resolve("l.bin");
            assertEquals(0, new ProcessBuilder(as.toString(), "--64", "-o", obj.toString(), src.toString())
                    .inheritIO().start().waitFor());
            assertEquals(0, new ProcessBuilder(objcopy.toString(), "-O", "binary", "-j", ".text", obj.toString(),
                    bin.toString()).inheritIO().start().waitFor());
            assertEquals(HexFormat.of().formatHex(Files.readAllBytes(bin)), Launcher.CODE);
        } finally {
            for (Path p : List.of(dir.resolve("l.o"), dir.resolve("l.bin"), dir)) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** Limits, credentials, capabilities and seccomp seen by the program are the same with and without it. */
    @Test
    void sameProcessStateAsTheShellPath() throws Exception {
        assumeTrue(Launcher.supportedHere());
        String probe = "cat /proc/self/limits; grep -E '^(Uid|Gid|Groups|Cap|NoNewPrivs|Seccomp)' /proc/self/status;"
                + " ls /proc/self/fd | tr '\\n' ' '";
        String viaLauncher = run(true, probe);
        String viaShell = run(false, probe);
        assertTrue(viaLauncher.contains("Max processes") && viaLauncher.contains("NoNewPrivs:\t1"), viaLauncher);
        assertEquals(viaShell, viaLauncher);
    }

    /** The fork bomb defence holds on the shell path too (the launcher path is covered by SecurityTest). */
    @Test
    void shellPathStillCapsProcesses() throws Exception {
        assumeTrue(Sandbox.currentUid() == 0, "RLIMIT_NPROC is applied only under a root launcher");
        String out = run(false, "exec /usr/bin/python3 -I -c 'import os, time\nn = 0\ntry:\n"
                + "    while n < 100:\n        if os.fork() == 0:\n            time.sleep(5)\n            os._exit(0)\n"
                + "        n += 1\nexcept OSError:\n    pass\nprint(n)'");
        int forks = Integer.parseInt(out.strip());
        assertTrue(forks < 8, "forks before EAGAIN: " + forks);
    }

    private static String run(boolean nativeLauncher, String script) throws Exception {
        SandboxConfig d = SandboxConfig.defaults();
        int base = 1_600_000_000 + ThreadLocalRandom.current().nextInt(1 << 16) * 4096;
        SandboxConfig c = new SandboxConfig(1, 4, Duration.ofSeconds(30), d.stateDir(), d.bwrap(), d.setpriv(),
                d.shell(), d.systemDirs(), base, 4096, true);
        try (Sandbox s = new Sandbox(c, nativeLauncher)) {
            assumeTrue(s.unavailableReason().isEmpty(), () -> s.unavailableReason().orElse(""));
            Sandbox.WorkDir dir = s.createWorkDir();
            try (dir) {
                Limits l = new Limits(Duration.ofSeconds(2), Duration.ofSeconds(20), 256 * Limits.MIB, 8, 64,
                        4 * Limits.MIB, Limits.MIB, 256 * 1024, 16 * Limits.MIB);
                Execution e = s.execute(new Invocation(List.of("/usr/bin/sh", "-c", script), dir.path(),
                        Invocation.WorkDirMode.SCRATCH, null, l, List.of(), null, List.of()));
                assertTrue(e.succeeded(), () -> e.termination().describe() + " " + e.stderrText());
                return e.stdoutText().lines().collect(Collectors.joining("\n"));
            }
        }
    }
}
