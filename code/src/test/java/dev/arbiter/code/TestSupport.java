package dev.arbiter.code;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.arbiter.code.sandbox.Limits;
import dev.arbiter.code.sandbox.Sandbox;
import dev.arbiter.code.sandbox.SandboxConfig;
import dev.arbiter.core.Sample;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Shared helpers: sandboxes on a private uid range, samples, small limits. */
final class TestSupport {
    static final ObjectMapper JSON = new ObjectMapper();
    static final LanguageTable LANGUAGES = LanguageTable.builtIn();

    private TestSupport() {
    }

    /** A pool of {@code size} on a uid range of its own, so checks of leftover processes see only this test's runs. */
    static SandboxConfig config(int size, int queued, Duration wait) {
        SandboxConfig d = SandboxConfig.defaults();
        int base = 1_700_000_000 + ThreadLocalRandom.current().nextInt(1 << 16) * 4096;
        return new SandboxConfig(size, queued, wait, d.stateDir(), d.bwrap(), d.setpriv(), d.shell(),
                d.systemDirs(), base, 4096, true);
    }

    static Sandbox sandbox() {
        Sandbox s = new Sandbox(config(2, 64, Duration.ofSeconds(60)));
        assumeTrue(s.unavailableReason().isEmpty(), () -> "no sandbox: " + s.unavailableReason().get());
        return s;
    }

    /**
     * Small limits for tests: 1 s CPU, 256 MiB, 32 processes, 4 MiB files, 1 MiB of output. The wall limit is a
     * generous 10 s so that a loaded shared machine never turns a quick program into a timeout; the test of the wall
     * limit itself sets a short one.
     */
    static Limits small() {
        return new Limits(Duration.ofSeconds(1), Duration.ofSeconds(10), 256 * Limits.MIB, 32, 64, 4 * Limits.MIB,
                Limits.MIB, 256 * 1024, 16 * Limits.MIB);
    }

    static Language lang(String name) {
        return LANGUAGES.find(name).orElseThrow();
    }

    /** Skips the test when a language's toolchain is not installed (python3 and bwrap tests never skip in CI). */
    static Language requireToolchain(String name) {
        Language l = lang(name);
        assumeTrue(l.missingToolchain().isEmpty(), () -> l.missingToolchain().get());
        return l;
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    static String fenced(String lang, String code) {
        return "Here is my solution.\n\n```" + lang + "\n" + code + "\n```\n";
    }

    static Sample sample(String response, String referenceJson) {
        return Sample.of(response, json(referenceJson));
    }

    static boolean hasBwrap() {
        return Files.isExecutable(Path.of("/usr/bin/bwrap"));
    }
}
