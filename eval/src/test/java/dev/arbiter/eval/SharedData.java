package dev.arbiter.eval;

import dev.arbiter.testkit.SharedFiles;

import java.nio.file.Path;

/** {@code shared/data/rm-bench}, found by the testkit's {@link SharedFiles}. */
public final class SharedData {
    private static final Path ROOT = SharedFiles.resolve("data/rm-bench");

    private SharedData() {
    }

    /** {@code shared/data/rm-bench/<rel>}. */
    public static Path rmBench(String rel) {
        return ROOT.resolve(rel);
    }
}
