package dev.arbiter.code.sandbox;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The sandbox launcher: a 600-byte static x86-64 Linux executable, without libc, that does in one exec what
 * {@code dash -c 'exec 3<… 4>…; ulimit …'} followed by {@code setpriv --reuid --regid --clear-groups} did in two:
 * opens the descriptors bubblewrap reads (3: seccomp filter, 4: status, 5: fetched files), sets the rlimits,
 * drops to the run's uid and gid with no supplementary groups (root launcher), and execs bubblewrap. Saves about
 * 2 ms per run (a dynamically linked {@code setpriv} and {@code dash} cost ≈ 1.2 ms and 0.5 ms to exec and start).
 *
 * <p>Its source is {@code code/src/main/asm/launcher.S}; {@link #CODE} is that file's {@code .text}
 * ({@code as --64 launcher.S -o l.o && objcopy -O binary -j .text l.o l.bin}), checked by {@code LauncherTest} when
 * binutils are installed. Arguments: {@code [1]} file for fd 3 (read), {@code [2]} file for fd 4 (write, created,
 * truncated), {@code [3]} file for fd 5 or {@code -}, {@code [4]} uid (also the gid) or {@code -}, {@code [5]} K,
 * then K triples {@code resource soft hard} (unsigned decimals), then the program and its arguments. Each
 * descriptor must land on its number (nothing else open above 2, as Java's process launcher guarantees). Any
 * failure: one line on standard error and exit status 125, before bubblewrap runs (so no status is written).
 * Other architectures use the shell and {@code setpriv}.
 */
final class Launcher {
    /** Machine code of launcher.S, loaded at {@link #BASE} + the headers' size. */
    static final String CODE =
            "4989e44c8d6c24104883ec10498b7d0031f6bb03000000e812010000498b7d08be41020000bb04000000e8ff00000049" +
            "8b7d1066833f2d740fbe41020000bb05000000e8e6000000498b75184531f666833e2d740be8e60000004989c649ffc6" +
            "498b7520e8d70000004989c74983c5284d85ff7442498b7500e8c20000004889c3498b7508e8b600000048890424498b" +
            "7510e8a90000004889442408b8a00000004889df4889e60f054885c0755c4983c51849ffcfebb94d85f6743749ffceb8" +
            "7400000031ff31f60f054885c0753bb8720000004c89f74c89f60f054885c07529b8710000004c89f74c89f60f054885" +
            "c07517498b0424498d54c410498b7d004c89eeb83b0000000f05b801000000bf02000000488d3543000000ba50000000" +
            "0f05b8e7000000bf7d0000000f05bab6010000b8020000000f054839d875cbc331c00fb60e85c9741483e93083f90977" +
            "b9486bc00a4801c848ffc6ebe5c373616e64626f78206c61756e636865723a2063616e6e6f74206f70656e2074686520" +
            "64657363726970746f72732c2073657420746865206c696d697473206f72206368616e676520746865207569640a";

    private static final long BASE = 0x400000L;
    private static final int EHDR = 64;
    private static final int PHDR = 56;

    /** RLIMIT_* numbers on x86-64 Linux. */
    static final int RLIMIT_CPU = 0;
    static final int RLIMIT_FSIZE = 1;
    static final int RLIMIT_CORE = 4;
    static final int RLIMIT_NPROC = 6;
    static final int RLIMIT_NOFILE = 7;
    static final int RLIMIT_AS = 9;

    private Launcher() {
    }

    /** Whether the launcher can run here: Linux on x86-64 (the same condition as the seccomp filter's). */
    static boolean supportedHere() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        return os.contains("linux") && (arch.equals("amd64") || arch.equals("x86_64"));
    }

    /** The executable: an ELF64 header, a read+execute PT_LOAD of the whole file, PT_GNU_STACK (RW), the code. */
    static byte[] elf() {
        byte[] code = HexFormat.of().parseHex(CODE);
        int headers = EHDR + 2 * PHDR;
        int size = headers + code.length;
        ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1, 0}).put(new byte[8]); // 64-bit, little-endian, SysV
        b.putShort((short) 2).putShort((short) 0x3e).putInt(1);                 // ET_EXEC, x86-64, version 1
        b.putLong(BASE + headers).putLong(EHDR).putLong(0).putInt(0);          // entry, phoff, shoff, flags
        b.putShort((short) EHDR).putShort((short) PHDR).putShort((short) 2);   // ehsize, phentsize, phnum
        b.putShort((short) 64).putShort((short) 0).putShort((short) 0);        // shentsize, shnum, shstrndx
        b.putInt(1).putInt(5).putLong(0).putLong(BASE).putLong(BASE)           // PT_LOAD, R+X, whole file
                .putLong(size).putLong(size).putLong(0x1000);
        b.putInt(0x6474e551).putInt(6).putLong(0).putLong(0).putLong(0)        // PT_GNU_STACK, RW (no exec stack)
                .putLong(0).putLong(0).putLong(16);
        b.put(code);
        return b.array();
    }
}
