package dev.arbiter.math;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the project's read-only {@code shared/} folder by walking up from the working directory. */
final class SharedFiles {
    private SharedFiles() {
    }

    static Path resolve(String relative) {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            Path candidate = dir.resolve("shared").resolve(relative);
            if (Files.exists(candidate)) {
                return candidate;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("cannot find shared/" + relative + " above " + Path.of("").toAbsolutePath());
    }
}
