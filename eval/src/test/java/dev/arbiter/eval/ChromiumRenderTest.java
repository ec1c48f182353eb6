package dev.arbiter.eval;

import dev.arbiter.eval.probe.ProbeRequest;
import dev.arbiter.eval.probe.ProbeRunner;
import dev.arbiter.eval.report.ReportFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Opens the HTML reports in headless Chromium (Debian's {@code chromium}, offline: file:// and no network needed) and
 * checks from the dumped DOM that every chart was drawn and painted and that no script error was recorded.
 */
class ChromiumRenderTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Pattern STATUS = Pattern.compile("<div id=\"render-status\" data-status=\"(\\w+)\">([^<]*)</div>");

    record Rendered(String status, int charts, int painted, String errors, String stderr) {
    }

    private static Rendered render(Path html, Path tmp) throws IOException, InterruptedException {
        assumeTrue(Files.isExecutable(CHROMIUM), "/usr/bin/chromium is absent: install Debian's chromium package "
                + "(apt-get install -y chromium) to run the HTML rendering test");
        Path profile = Files.createTempDirectory(tmp, "chromium-profile");
        Path out = tmp.resolve(html.getFileName() + ".dom");
        Path err = tmp.resolve(html.getFileName() + ".stderr");
        Process p = new ProcessBuilder(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile, "--enable-logging=stderr", "--v=0", "--dump-dom", html.toUri().toString())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("chromium did not finish; stderr: " + Files.readString(err));
        }
        String dom = Files.readString(out, StandardCharsets.UTF_8);
        String stderr = Files.readString(err, StandardCharsets.UTF_8);
        Matcher m = STATUS.matcher(dom);
        assertTrue(m.find(), "no render status in the DOM (exit " + p.exitValue() + "); stderr: " + stderr);
        Matcher counts = Pattern.compile("charts=(\\d+) painted=(\\d+)").matcher(m.group(2));
        assertTrue(counts.find(), m.group(2));
        Matcher errors = Pattern.compile("<pre id=\"errors\">([^<]*)</pre>").matcher(dom);
        assertTrue(errors.find(), "no #errors element");
        return new Rendered(m.group(1), Integer.parseInt(counts.group(1)), Integer.parseInt(counts.group(2)), errors.group(1), stderr);
    }

    private static void assertClean(Rendered r, int minCharts) {
        assertEquals("", r.errors(), "script errors recorded by the page");
        assertEquals("ok", r.status());
        assertTrue(r.charts() >= minCharts, "charts drawn: " + r.charts());
        assertEquals(r.charts(), r.painted(), "every chart painted pixels");
        assertFalse(r.stderr().contains("Uncaught"), r.stderr());
        for (String line : r.stderr().split("\n")) {
            if (line.contains("CONSOLE")) {
                assertFalse(line.toLowerCase().contains("error"), "console error: " + line);
            }
        }
    }

    @Test
    void evalReportWithProbesRendersItsCharts(@TempDir Path tmp) throws IOException, InterruptedException {
        new EvalRunner().run(EvalRequest.builder("rewardbench").data(Examples.eval("rewardbench-sample.jsonl"))
                .spec(Examples.eval("token-f1.yaml").toString()).probes(true).outDir(tmp).build());
        // subsets, sections, score distribution, length scatter, probe charts
        assertClean(render(tmp.resolve(ReportFiles.REPORT_HTML), tmp), 5);
    }

    @Test
    void officialAggregateAndProbeReportsRender(@TempDir Path tmp) throws IOException, InterruptedException {
        new EvalRunner().run(EvalRequest.builder("wildbench").scores(SharedData.rmBench("wildbench")).option("k", "500")
                .option("run", "claude-3-5-sonnet-20240620").outDir(tmp.resolve("wb")).build());
        assertClean(render(tmp.resolve("wb").resolve(ReportFiles.REPORT_HTML), tmp), 2);
        new ProbeRunner().run(ProbeRequest.of(Examples.eval("hackable-verifier.yaml").toString()).withOutDir(tmp.resolve("probe")));
        assertClean(render(tmp.resolve("probe").resolve(ReportFiles.PROBES_HTML), tmp), 3);
        assertTrue(List.of(tmp.resolve("probe").toFile().list()).contains(ReportFiles.PROBES_JSON));
    }
}
