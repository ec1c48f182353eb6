package dev.arbiter.testkit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds a file of the project's read-only {@code shared/} folder (conformance cases, benchmark data) for tests: in a
 * {@code shared/} directory beside the working directory or any of its parents (CI puts a copy of {@code shared/}
 * beside the repository clone), else under {@code $ARBITER_SHARED}, else under {@code /work/shared} (this workplace).
 */
public final class SharedFiles {
    private SharedFiles() {
    }

    /** {@code shared/<relative>}; fails, naming every place looked in, when no copy of it exists. */
    public static Path resolve(String relative) {
        List<Path> tried = new ArrayList<>();
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            tried.add(dir.resolve("shared"));
        }
        String env = System.getenv("ARBITER_SHARED");
        if (env != null && !env.isBlank()) {
            tried.add(Path.of(env));
        }
        tried.add(Path.of("/work/shared"));
        for (Path root : tried) {
            Path candidate = root.resolve(relative);
            if (Files.exists(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("cannot find shared/" + relative + " in any of " + tried);
    }
}
