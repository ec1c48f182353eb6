package dev.arbiter.eval;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the repository's {@code examples/eval} folder from the module directory. */
final class Examples {
    private Examples() {
    }

    static Path eval(String name) {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolve("examples/eval").resolve(name);
            if (Files.exists(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("examples/eval/" + name + " not found above " + Path.of("").toAbsolutePath());
    }
}
