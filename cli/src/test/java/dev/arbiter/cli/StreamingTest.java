package dev.arbiter.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The input is streamed: a file three times larger than the whole heap (16 MB) is scored in a separate JVM. */
class StreamingTest {
    @TempDir
    Path tmp;

    @Test
    void scoresAFileLargerThanTheHeap() throws Exception {
        Path in = tmp.resolve("big.jsonl");
        int rows = 0;
        try (BufferedWriter w = Files.newBufferedWriter(in, StandardCharsets.UTF_8)) {
            String pad = "p".repeat(200);
            while (rows < 200_000) {
                w.write("{\"id\":" + rows + ",\"response\":\"answer " + (rows % 7) + "\",\"reference\":\"answer 3\",\"pad\":\"" + pad + "\"}\n");
                rows++;
            }
        }
        long size = Files.size(in);
        assertTrue(size > 48L * 1024 * 1024, "input of " + size + " bytes");
        Path out = tmp.resolve("out.jsonl");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Xmx16m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                "dev.arbiter.cli.Main", "score", "--spec", "exact_match", "--in", in.toString(), "--out", out.toString(),
                "--progress", "none")
                .redirectErrorStream(true).redirectOutput(tmp.resolve("log.txt").toFile()).start();
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "the run ended");
        String log = Files.readString(tmp.resolve("log.txt"));
        assertEquals(0, p.exitValue(), log);
        assertTrue(log.contains("rows       " + rows), log);
        try (Stream<String> lines = Files.lines(out)) {
            assertEquals(rows, lines.count());
        }
        List<String> head = Files.readAllLines(out).subList(0, 4);
        assertTrue(head.get(3).startsWith("{\"id\":3,") && head.get(3).contains("\"score\":1.0"), head.get(3));
    }
}
