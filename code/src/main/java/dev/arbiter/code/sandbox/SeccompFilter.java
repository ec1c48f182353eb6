package dev.arbiter.code.sandbox;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A seccomp filter for sandboxed programs, generated as classic BPF without libseccomp and handed to bubblewrap with
 * {@code --seccomp FD}.
 *
 * <p>What it does, in order (x86-64 only):
 * <ol>
 *   <li>kills the process if the architecture is not x86-64, or if the syscall uses the x32 ABI;</li>
 *   <li>fails with {@code EPERM}: {@link #DENIED} (mounting, namespaces, ptrace and process memory access, kernel
 *       modules and kexec, keyrings, bpf, perf, userfaultfd, io_uring, clock and host name changes, reboot, swap,
 *       quotas, acct, syslog, file handles);</li>
 *   <li>{@code socket}: allowed for {@code AF_UNIX} only, {@code EPERM} for every other family (so no network socket
 *       can even be created; the sandbox also has no network namespace route);</li>
 *   <li>{@code clone}: {@code EPERM} when any namespace flag is set; {@code clone3}: {@code ENOSYS}, so the C library
 *       falls back to {@code clone}, whose flags the filter can read;</li>
 *   <li>allows everything else.</li>
 * </ol>
 * The bytes are the in-memory {@code struct sock_filter} array (8 bytes per instruction, little-endian), the format
 * bubblewrap reads.
 */
public final class SeccompFilter {
    /** {@code AUDIT_ARCH_X86_64}. */
    static final int AUDIT_ARCH_X86_64 = 0xC000003E;
    static final int X32_SYSCALL_BIT = 0x40000000;

    /** Denied syscalls: x86-64 number → name. */
    public static final Map<Integer, String> DENIED = denied();

    private static final int NR_SOCKET = 41;
    private static final int NR_CLONE = 56;
    private static final int NR_CLONE3 = 435;
    private static final int AF_UNIX = 1;
    /** CLONE_NEWNS | CLONE_NEWCGROUP | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNET. */
    private static final int CLONE_NAMESPACE_FLAGS = 0x00020000 | 0x02000000 | 0x04000000 | 0x08000000 | 0x10000000
            | 0x20000000 | 0x40000000;

    private static final int RET_KILL_PROCESS = 0x80000000;
    private static final int RET_ERRNO = 0x00050000;
    private static final int RET_ALLOW = 0x7fff0000;
    private static final int EPERM = 1;
    private static final int ENOSYS = 38;

    private static final short LD_W_ABS = 0x20;
    private static final short JEQ_K = 0x15;
    private static final short JGE_K = 0x35;
    private static final short JSET_K = 0x45;
    private static final short RET_K = 0x06;

    private static final int OFFSET_NR = 0;
    private static final int OFFSET_ARCH = 4;
    private static final int OFFSET_ARG0_LOW = 16;

    private SeccompFilter() {
    }

    /** Whether the filter applies on this JVM's architecture (x86-64 only). */
    public static boolean supportedHere() {
        String arch = System.getProperty("os.arch", "");
        return arch.equals("amd64") || arch.equals("x86_64");
    }

    /** The filter as bubblewrap reads it. */
    public static byte[] bytes() {
        List<Insn> prog = program();
        ByteBuffer buf = ByteBuffer.allocate(prog.size() * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (Insn i : prog) {
            buf.putShort(i.code).put((byte) i.jt).put((byte) i.jf).putInt(i.k);
        }
        return buf.array();
    }

    /** The number of BPF instructions. */
    public static int instructionCount() {
        return program().size();
    }

    private static List<Insn> program() {
        Assembler a = new Assembler();
        a.load(OFFSET_ARCH);
        a.jumpIfEqual(AUDIT_ARCH_X86_64, null, "kill");
        a.load(OFFSET_NR);
        a.jumpIfAtLeast(X32_SYSCALL_BIT, "kill", null);
        for (int nr : DENIED.keySet()) {
            a.jumpIfEqual(nr, "eperm", null);
        }
        a.jumpIfEqual(NR_CLONE3, "enosys", null);
        a.jumpIfEqual(NR_SOCKET, "socket", null);
        a.jumpIfEqual(NR_CLONE, "clone", null);
        a.ret(RET_ALLOW);
        a.label("socket");
        a.load(OFFSET_ARG0_LOW);
        a.jumpIfEqual(AF_UNIX, "allow", "eperm");
        a.label("clone");
        a.load(OFFSET_ARG0_LOW);
        a.jumpIfAnyBit(CLONE_NAMESPACE_FLAGS, "eperm", "allow");
        a.label("allow");
        a.ret(RET_ALLOW);
        a.label("eperm");
        a.ret(RET_ERRNO | EPERM);
        a.label("enosys");
        a.ret(RET_ERRNO | ENOSYS);
        a.label("kill");
        a.ret(RET_KILL_PROCESS);
        return a.assemble();
    }

    private static Map<Integer, String> denied() {
        Map<Integer, String> m = new LinkedHashMap<>();
        m.put(101, "ptrace");
        m.put(310, "process_vm_readv");
        m.put(311, "process_vm_writev");
        m.put(165, "mount");
        m.put(166, "umount2");
        m.put(155, "pivot_root");
        m.put(161, "chroot");
        m.put(272, "unshare");
        m.put(308, "setns");
        m.put(428, "open_tree");
        m.put(429, "move_mount");
        m.put(430, "fsopen");
        m.put(431, "fsconfig");
        m.put(432, "fsmount");
        m.put(433, "fspick");
        m.put(442, "mount_setattr");
        m.put(175, "init_module");
        m.put(176, "delete_module");
        m.put(313, "finit_module");
        m.put(246, "kexec_load");
        m.put(320, "kexec_file_load");
        m.put(248, "add_key");
        m.put(249, "request_key");
        m.put(250, "keyctl");
        m.put(321, "bpf");
        m.put(298, "perf_event_open");
        m.put(323, "userfaultfd");
        m.put(425, "io_uring_setup");
        m.put(426, "io_uring_enter");
        m.put(427, "io_uring_register");
        m.put(164, "settimeofday");
        m.put(227, "clock_settime");
        m.put(170, "sethostname");
        m.put(171, "setdomainname");
        m.put(169, "reboot");
        m.put(167, "swapon");
        m.put(168, "swapoff");
        m.put(179, "quotactl");
        m.put(163, "acct");
        m.put(103, "syslog");
        m.put(172, "iopl");
        m.put(173, "ioperm");
        m.put(153, "vhangup");
        m.put(134, "uselib");
        m.put(303, "name_to_handle_at");
        m.put(304, "open_by_handle_at");
        m.put(212, "lookup_dcookie");
        return java.util.Collections.unmodifiableMap(m);
    }

    private record Insn(short code, int jt, int jf, int k) {
    }

    /** A tiny assembler with forward labels; jump offsets must fit in a byte, which this short program does. */
    private static final class Assembler {
        private record Pending(short code, String jt, String jf, int k) {
        }

        private final List<Pending> pending = new ArrayList<>();
        private final Map<String, Integer> labels = new HashMap<>();

        void load(int offset) {
            pending.add(new Pending(LD_W_ABS, null, null, offset));
        }

        void jumpIfEqual(int k, String whenTrue, String whenFalse) {
            pending.add(new Pending(JEQ_K, whenTrue, whenFalse, k));
        }

        void jumpIfAtLeast(int k, String whenTrue, String whenFalse) {
            pending.add(new Pending(JGE_K, whenTrue, whenFalse, k));
        }

        void jumpIfAnyBit(int k, String whenTrue, String whenFalse) {
            pending.add(new Pending(JSET_K, whenTrue, whenFalse, k));
        }

        void ret(int k) {
            pending.add(new Pending(RET_K, null, null, k));
        }

        void label(String name) {
            labels.put(name, pending.size());
        }

        List<Insn> assemble() {
            List<Insn> out = new ArrayList<>();
            for (int i = 0; i < pending.size(); i++) {
                Pending p = pending.get(i);
                out.add(new Insn(p.code, offset(i, p.jt), offset(i, p.jf), p.k));
            }
            return out;
        }

        private int offset(int at, String label) {
            if (label == null) {
                return 0;
            }
            Integer target = labels.get(label);
            if (target == null) {
                throw new IllegalStateException("unknown label " + label);
            }
            int off = target - (at + 1);
            if (off < 0 || off > 255) {
                throw new IllegalStateException("jump to " + label + " out of range: " + off);
            }
            return off;
        }
    }
}
