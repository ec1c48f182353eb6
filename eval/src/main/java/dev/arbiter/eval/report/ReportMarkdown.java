package dev.arbiter.eval.report;

import dev.arbiter.eval.EvalReport;
import dev.arbiter.eval.probe.ProbeReport;
import dev.arbiter.eval.probe.ProbeResult;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The Markdown form of reports ({@code report.md}, {@code probes.md}): values rounded half-up to 2 decimals. */
public final class ReportMarkdown {
    private static final int SKIPPED_SHOWN = 50;

    private ReportMarkdown() {
    }

    public static String render(EvalReport r) {
        StringBuilder sb = new StringBuilder();
        sb.append("# ").append(r.title()).append("\n\n");
        if (r.headline() != null) {
            sb.append("**").append(esc(r.headline().label())).append(": ").append(value(r.headline())).append("**");
            if (r.headline().n() != null) {
                sb.append(" over ").append(r.headline().n()).append(' ').append(r.unit());
            }
            sb.append(" — ").append(esc(r.headline().formula())).append("\n\n");
        }
        EvalReport.Counts c = r.counts();
        sb.append("Items: ").append(c.itemsRead()).append(" read, ").append(c.itemsEvaluated()).append(" evaluated, ")
                .append(c.itemsSkipped()).append(" skipped");
        if (c.candidatesScored() > 0) {
            sb.append("; ").append(c.candidatesScored()).append(" candidates scored, ").append(c.scoreFailures()).append(" not ok");
        }
        sb.append(".\n\n");
        if (c.itemsSkipped() > 0) {
            sb.append("> **").append(c.itemsSkipped()).append(" items were skipped** and are in no denominator; reasons below.\n\n");
        }
        sb.append("| metric | value | n | formula |\n|---|---:|---:|---|\n");
        if (r.headline() != null) {
            row(sb, r.headline(), true);
        }
        r.variants().forEach(m -> row(sb, m, false));
        sb.append('\n');
        groups(sb, "Sections", r.sections());
        groups(sb, "Subsets", r.subsets());
        if (!r.notes().isEmpty()) {
            sb.append("## Notes\n\n");
            r.notes().forEach(n -> sb.append("- ").append(esc(n)).append('\n'));
            sb.append('\n');
        }
        if (!r.skipped().isEmpty()) {
            sb.append("## Skipped items\n\n| id | where | reason |\n|---|---|---|\n");
            r.skipped().stream().limit(SKIPPED_SHOWN).forEach(s -> sb.append("| ").append(esc(s.id())).append(" | ")
                    .append(esc(s.origin())).append(" | ").append(esc(s.reason())).append(" |\n"));
            if (r.skipped().size() > SKIPPED_SHOWN) {
                sb.append("\n…and ").append(r.skipped().size() - SKIPPED_SHOWN).append(" more (all are in results.json).\n");
            }
            sb.append('\n');
        }
        if (r.probes() != null) {
            probes(sb, r.probes(), "## ");
        }
        EvalReport.RunInfo run = r.run();
        sb.append("## Run\n\n");
        line(sb, "benchmark", r.benchmark());
        line(sb, "data", run.data() == null ? null : run.data() + " (sha256 " + abbreviate(run.dataSha256()) + ")");
        line(sb, "scores", run.scores() == null ? null : run.scores() + " (sha256 " + abbreviate(run.scoresSha256()) + "; " + run.scoresKind() + ")");
        line(sb, "spec", run.spec() == null ? null : run.spec() + " — signature " + run.specSignatureId() + ": `" + run.specSignature() + "`");
        line(sb, "options", run.options().isEmpty() ? null : run.options().toString());
        line(sb, "aggregation", "spec hash " + run.aggregationHash() + ": `" + ReportJson.compact(run.aggregation()) + "`");
        return sb.toString();
    }

    /**
     * A few lines for a terminal: the headline with its count, the sections, the skipped count and the first notes.
     * What {@code arbiter eval} prints on stdout.
     */
    public static String summary(EvalReport r) {
        StringBuilder sb = new StringBuilder();
        sb.append(r.title()).append(": ");
        if (r.headline() == null) {
            sb.append("nothing could be scored");
        } else {
            sb.append(r.headline().label()).append(' ').append(value(r.headline()));
            if (r.headline().n() != null) {
                sb.append(" over ").append(r.headline().n()).append(' ').append(r.unit());
            }
        }
        sb.append('\n');
        String unit = r.headline() == null ? "" : r.headline().unit();
        for (MetricGroup g : r.sections()) {
            sb.append("  ").append(g.label()).append(": ").append(num(g.value())).append(g.kind().equals("wb_score") ? "" : unit)
                    .append(" (n=").append(g.n()).append(")\n");
        }
        EvalReport.Counts c = r.counts();
        if (c.itemsRead() == 0 && r.items().isEmpty() && r.skipped().isEmpty()) {
            sb.append("items: none (aggregate results: ").append(r.run().scoresKind()).append(")\n");
        } else {
            sb.append("items: ").append(c.itemsRead()).append(" read, ").append(c.itemsEvaluated()).append(" evaluated, ")
                    .append(c.itemsSkipped()).append(" skipped").append(c.itemsSkipped() > 0 ? " (reasons in results.json / report.md)" : "").append('\n');
        }
        r.notes().stream().limit(5).forEach(n -> sb.append("note: ").append(n).append('\n'));
        if (r.probes() != null) {
            r.probes().results().forEach(p -> sb.append("probe ").append(p.name()).append(": ").append(p.verdict()).append('\n'));
        }
        return sb.toString();
    }

    /** One line per probe with its verdict and summary; what {@code arbiter probe} prints on stdout. */
    public static String summary(ProbeReport p) {
        StringBuilder sb = new StringBuilder("probes of " + p.spec() + " (" + p.specSignatureId() + ") on " + p.probeSet() + "\n");
        for (ProbeResult r : p.results()) {
            sb.append(String.format("  %-17s %-5s %s%n", r.name(), r.verdict(), r.summary()));
        }
        return sb.toString();
    }

    public static String render(ProbeReport p) {
        StringBuilder sb = new StringBuilder();
        probes(sb, p, "# ");
        return sb.toString();
    }

    private static void probes(StringBuilder sb, ProbeReport p, String h) {
        sb.append(h).append("Robustness probes\n\n");
        sb.append("Spec `").append(p.spec()).append("` — signature ").append(p.specSignatureId()).append(": `")
                .append(p.specSignature()).append("`  \nPairwise verdicts: ").append(esc(p.judge())).append("  \nCases: ")
                .append(esc(p.probeSet())).append("\n\n");
        sb.append("| probe | verdict | summary |\n|---|---|---|\n");
        for (ProbeResult r : p.results()) {
            sb.append("| ").append(esc(r.title())).append(" | **").append(r.verdict()).append("** | ").append(esc(r.summary())).append(" |\n");
        }
        sb.append('\n');
        for (ProbeResult r : p.results()) {
            sb.append(h.strip()).append("# ").append(esc(r.title())).append(" — ").append(r.verdict()).append("\n\n");
            sb.append("Source: ").append(esc(r.source())).append("\n\n");
            if (!r.metrics().isEmpty()) {
                sb.append("| metric | value |\n|---|---:|\n");
                r.metrics().forEach((k, v) -> sb.append("| ").append(k).append(" | ").append(num(v)).append(" |\n"));
                sb.append('\n');
            }
            if (!r.rows().isEmpty() && r.rows().size() <= 40) {
                Set<String> cols = new LinkedHashSet<>();
                r.rows().forEach(x -> cols.addAll(x.values().keySet()));
                sb.append("| case |");
                cols.forEach(col -> sb.append(' ').append(col).append(" |"));
                sb.append("\n|---|");
                cols.forEach(col -> sb.append("---:|"));
                sb.append('\n');
                for (ProbeResult.Row row : r.rows()) {
                    sb.append("| ").append(esc(row.label())).append(" |");
                    cols.forEach(col -> sb.append(' ').append(num(row.values().get(col))).append(" |"));
                    sb.append('\n');
                }
                sb.append('\n');
            }
            r.notes().forEach(n -> sb.append("- ").append(esc(n)).append('\n'));
            if (!r.notes().isEmpty()) {
                sb.append('\n');
            }
        }
        p.notes().forEach(n -> sb.append("- ").append(esc(n)).append('\n'));
        if (!p.notes().isEmpty()) {
            sb.append('\n');
        }
    }

    private static void groups(StringBuilder sb, String title, List<MetricGroup> gs) {
        if (gs.isEmpty()) {
            return;
        }
        Set<String> cols = new LinkedHashSet<>();
        gs.forEach(g -> cols.addAll(g.metrics().keySet()));
        sb.append("## ").append(title).append("\n\n| name | n |");
        cols.forEach(c -> sb.append(' ').append(c).append(" |"));
        sb.append("\n|---|---:|");
        cols.forEach(c -> sb.append("---:|"));
        sb.append('\n');
        for (MetricGroup g : gs) {
            sb.append("| ").append(esc(g.label())).append(" | ").append(g.n()).append(" |");
            for (String c : cols) {
                sb.append(' ').append(num(g.metrics().get(c))).append(" |");
            }
            sb.append('\n');
        }
        sb.append('\n');
    }

    private static void row(StringBuilder sb, Metric m, boolean bold) {
        String label = bold ? "**" + esc(m.label()) + "**" : esc(m.label());
        sb.append("| ").append(label).append(" (`").append(m.name()).append("`) | ").append(bold ? "**" + value(m) + "**" : value(m))
                .append(" | ").append(m.n() == null ? "" : m.n()).append(" | ").append(esc(m.formula())).append(" |\n");
    }

    private static void line(StringBuilder sb, String k, String v) {
        if (v != null) {
            sb.append("- ").append(k).append(": ").append(v).append('\n');
        }
    }

    static String value(Metric m) {
        return m.format(2) + (m.value() == null || m.unit().isEmpty() ? "" : m.unit());
    }

    /** A number rounded half-up to 2 decimals; whole numbers without decimals; {@code n/a} for missing. */
    public static String num(Double v) {
        if (v == null || v.isNaN() || v.isInfinite()) {
            return "n/a";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e12) {
            return Long.toString(v.longValue());
        }
        return new BigDecimal(v).setScale(2, RoundingMode.HALF_UP).toPlainString();
    }

    private static String abbreviate(String hash) {
        return hash == null ? "n/a" : hash.substring(0, Math.min(12, hash.length()));
    }

    static String esc(String s) {
        if (s == null) {
            return "";
        }
        return s.replace("|", "\\|").replace("\n", " ");
    }
}
