package dev.arbiter.eval;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds {@code shared/data/rm-bench} by walking up from the working directory (in CI a copy of {@code shared/} sits
 * beside the repository clone; here the module is /work/main/eval and shared is /work/shared).
 */
public final class SharedData {
    private static final Path ROOT = find();

    private SharedData() {
    }

    private static Path find() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolve("shared/data/rm-bench");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("no directory containing shared/data/rm-bench above " + Path.of("").toAbsolutePath());
    }

    /** {@code shared/data/rm-bench/<rel>}. */
    public static Path rmBench(String rel) {
        return ROOT.resolve(rel);
    }
}
