package dev.arbiter.cli;

/** The exit codes of every command, documented in the README. */
final class ExitCodes {
    /** Done; rows that could not be scored are in the output with their status. */
    static final int OK = 0;
    /** The run failed part-way (an I/O error while reading or writing). */
    static final int FAILED = 1;
    /** Bad usage: an unknown flag, an invalid spec, an unknown reward type. */
    static final int USAGE = 2;
    /** The input file is missing or unreadable, or the output cannot be created. */
    static final int NO_INPUT = 3;

    private ExitCodes() {
    }
}
