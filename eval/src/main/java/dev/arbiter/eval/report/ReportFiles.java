package dev.arbiter.eval.report;

import dev.arbiter.eval.EvalException;
import dev.arbiter.eval.EvalReport;
import dev.arbiter.eval.probe.ProbeReport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/** Writes reports to a directory: {@code results.json}, {@code report.md}, {@code report.html} (and the probe files). */
public final class ReportFiles {
    public static final String RESULTS_JSON = "results.json";
    public static final String REPORT_MD = "report.md";
    public static final String REPORT_HTML = "report.html";
    public static final String PROBES_JSON = "probes.json";
    public static final String PROBES_MD = "probes.md";
    public static final String PROBES_HTML = "probes.html";

    private ReportFiles() {
    }

    /** Writes the three files of an evaluation; returns their paths. */
    public static List<Path> write(EvalReport report, Path dir) {
        return List.of(
                write(dir, RESULTS_JSON, ReportJson.write(ReportJson.tree(report))),
                write(dir, REPORT_MD, ReportMarkdown.render(report)),
                write(dir, REPORT_HTML, ReportHtml.render(report)));
    }

    /** Writes the three files of a probe run; returns their paths. */
    public static List<Path> writeProbes(ProbeReport report, Path dir) {
        return List.of(
                write(dir, PROBES_JSON, ReportJson.write(ReportJson.tree(report))),
                write(dir, PROBES_MD, ReportMarkdown.render(report)),
                write(dir, PROBES_HTML, ReportHtml.render(report)));
    }

    /** Writes atomically (a temporary file, then a move). */
    private static Path write(Path dir, String name, String text) {
        try {
            Files.createDirectories(dir);
            Path target = dir.resolve(name);
            Path tmp = Files.createTempFile(dir, "." + name, ".tmp");
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return target;
        } catch (IOException e) {
            throw new EvalException(EvalException.Kind.OUTPUT, "cannot write " + dir.resolve(name) + ": " + e.getMessage(), e);
        }
    }
}
