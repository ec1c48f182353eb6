package dev.arbiter.code.sandbox;

import java.time.Duration;

/** How a sandboxed execution ended: the closed set, each with its evidence. */
public sealed interface Termination {

    /** A one-sentence description for logs and results. */
    String describe();

    /**
     * The program exited by itself.
     *
     * @param code the exit status; bubblewrap reports death by signal N as 128+N, as shells do, so codes above 128
     *             are read as signals by {@link #signal()}
     */
    record Exited(int code) implements Termination {
        /** The signal that killed the program, when the code says so (128+N), else 0. */
        public int signal() {
            return code > 128 && code < 128 + 65 ? code - 128 : 0;
        }

        @Override
        public String describe() {
            int sig = signal();
            return sig != 0 ? "killed by signal " + sig + " (" + Signals.name(sig) + ")" : "exited with status " + code;
        }
    }

    /** The wall-clock limit passed; the whole process tree was killed. */
    record WallTimeExceeded(Duration limit) implements Termination {
        @Override
        public String describe() {
            return "wall-clock limit of " + limit.toMillis() + " ms exceeded; the process tree was killed";
        }
    }

    /**
     * A stream went over its cap: it is truncated at the cap (a program that keeps writing is stopped by the
     * file-size limit).
     */
    record OutputExceeded(String stream, long capBytes) implements Termination {
        @Override
        public String describe() {
            return stream + " exceeded its cap of " + capBytes + " bytes and was truncated";
        }
    }

    /** The sandbox itself failed (bubblewrap could not start, an I/O error); not the program's fault. */
    record SandboxFailure(String reason) implements Termination {
        @Override
        public String describe() {
            return "sandbox failure: " + reason;
        }
    }
}
