package dev.arbiter.eval.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arbiter.eval.EvalReport;
import dev.arbiter.eval.probe.ProbeReport;
import dev.arbiter.eval.probe.ProbeResult;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;

/**
 * One self-contained HTML page per report: tables plus charts (per-subset and per-section bars, chosen-vs-rejected
 * score distributions, length-vs-score scatter, probe results) drawn by chart.js, which is read from its webjar on
 * the class path and inlined, so the page works offline. A script records any error ({@code window.onerror},
 * {@code console.error}) in {@code #errors} and, after drawing, writes {@code ok charts=N painted=N} into
 * {@code #render-status}; headless Chromium's {@code --dump-dom} shows both.
 */
public final class ReportHtml {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final int MAX_POINTS = 3000;
    private static final int BINS = 20;

    private ReportHtml() {
    }

    /** The chart.js bundle from the webjar on the class path. */
    public static String chartJs() {
        Properties p = new Properties();
        try (InputStream in = ReportHtml.class.getResourceAsStream("chartjs.properties")) {
            if (in == null) {
                throw new IllegalStateException("chartjs.properties is missing (the build filters it)");
            }
            p.load(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        String path = p.getProperty("path");
        try (InputStream in = ReportHtml.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException(path + " is not on the class path: the org.webjars.npm:chart.js jar is needed for the HTML report");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String render(EvalReport r) {
        ObjectNode data = F.objectNode();
        ArrayNode bars = data.putArray("bars");
        if (!r.subsets().isEmpty()) {
            bars.add(bar((r.sections().isEmpty() ? "Score by group" : "Score by subset"), r.subsets()));
        }
        if (!r.sections().isEmpty()) {
            bars.add(bar("Score by section", r.sections()));
        }
        distributions(r, data);
        ArrayNode probes = data.putArray("probes");
        if (r.probes() != null) {
            probeCharts(r.probes(), probes);
        }
        StringBuilder body = new StringBuilder();
        body.append("<h1>").append(esc(r.title())).append("</h1>\n");
        if (r.headline() != null) {
            body.append("<p class=\"headline\"><b>").append(esc(r.headline().label())).append(": ")
                    .append(esc(ReportMarkdown.value(r.headline()))).append("</b>")
                    .append(r.headline().n() == null ? "" : " over " + r.headline().n() + " " + esc(r.unit()))
                    .append("<br><span class=\"formula\">").append(esc(r.headline().formula())).append("</span></p>\n");
        }
        EvalReport.Counts c = r.counts();
        body.append("<p>Items: ").append(c.itemsRead()).append(" read, ").append(c.itemsEvaluated()).append(" evaluated, <b>")
                .append(c.itemsSkipped()).append(" skipped</b>.</p>\n");
        body.append("<div id=\"charts\"></div>\n");
        body.append("<h2>Numbers</h2>\n<table><tr><th>metric</th><th>value</th><th>n</th><th>formula</th></tr>\n");
        List<Metric> all = new ArrayList<>();
        if (r.headline() != null) {
            all.add(r.headline());
        }
        all.addAll(r.variants());
        for (Metric m : all) {
            body.append("<tr><td>").append(esc(m.label())).append(" <code>").append(esc(m.name())).append("</code></td><td class=\"num\">")
                    .append(esc(ReportMarkdown.value(m))).append("</td><td class=\"num\">").append(m.n() == null ? "" : m.n())
                    .append("</td><td>").append(esc(m.formula())).append("</td></tr>\n");
        }
        body.append("</table>\n");
        groupTable(body, "Sections", r.sections());
        groupTable(body, "Subsets", r.subsets());
        if (!r.notes().isEmpty()) {
            body.append("<h2>Notes</h2>\n<ul>");
            r.notes().forEach(n -> body.append("<li>").append(esc(n)).append("</li>"));
            body.append("</ul>\n");
        }
        if (!r.skipped().isEmpty()) {
            body.append("<h2>Skipped items</h2>\n<table><tr><th>id</th><th>where</th><th>reason</th></tr>\n");
            r.skipped().stream().limit(200).forEach(s -> body.append("<tr><td>").append(esc(s.id())).append("</td><td>")
                    .append(esc(s.origin())).append("</td><td>").append(esc(s.reason())).append("</td></tr>\n"));
            body.append("</table>\n");
        }
        if (r.probes() != null) {
            probeTables(body, r.probes());
        }
        body.append("<h2>Run</h2>\n<ul>");
        EvalReport.RunInfo run = r.run();
        li(body, "data", run.data() == null ? null : run.data() + " (sha256 " + run.dataSha256() + ")");
        li(body, "scores", run.scores() == null ? null : run.scores() + " (sha256 " + run.scoresSha256() + "; " + run.scoresKind() + ")");
        li(body, "spec", run.spec() == null ? null : run.spec() + " — " + run.specSignatureId() + ": " + run.specSignature());
        li(body, "aggregation", run.aggregationHash() + ": " + ReportJson.compact(run.aggregation()));
        body.append("</ul>\n");
        return page(r.title(), body.toString(), data);
    }

    public static String render(ProbeReport p) {
        ObjectNode data = F.objectNode();
        data.putArray("bars");
        ArrayNode probes = data.putArray("probes");
        probeCharts(p, probes);
        p.result("length_bias").ifPresent(lb -> {
            ObjectNode sc = data.putObject("scatter");
            ArrayNode pos = sc.putArray("better answers");
            ArrayNode neg = sc.putArray("worse answers");
            for (ProbeResult.Row row : lb.rows()) {
                Double len = row.values().get("length");
                Double score = row.values().get("score");
                if (len != null && score != null) {
                    (row.values().getOrDefault("good", 0.0) == 1.0 ? pos : neg).addObject().put("x", len).put("y", score);
                }
            }
        });
        StringBuilder body = new StringBuilder("<h1>Robustness probes</h1>\n<div id=\"charts\"></div>\n");
        probeTables(body, p);
        return page("Robustness probes", body.toString(), data);
    }

    private static ObjectNode bar(String title, List<MetricGroup> groups) {
        ObjectNode b = F.objectNode();
        b.put("title", title);
        ArrayNode labels = b.putArray("labels");
        ArrayNode values = b.putArray("values");
        Set<String> primaries = new LinkedHashSet<>();
        for (MetricGroup g : groups) {
            labels.add(g.label());
            Double v = g.value();
            if (v == null || v.isNaN()) {
                values.addNull();
            } else {
                values.add(v);
            }
            primaries.add(g.primary());
        }
        b.put("series", String.join(" / ", primaries));
        return b;
    }

    private static void distributions(EvalReport r, ObjectNode data) {
        List<double[]> pos = new ArrayList<>();
        List<double[]> neg = new ArrayList<>();
        List<double[]> other = new ArrayList<>();
        for (ItemResult it : r.items()) {
            for (ItemResult.CandidateResult c : it.candidates()) {
                if (c.score() == null || c.score().isNaN()) {
                    continue;
                }
                double[] pt = {c.length(), c.score()};
                switch (c.role()) {
                    case "chosen", "correct" -> pos.add(pt);
                    case "rejected", "incorrect" -> neg.add(pt);
                    default -> other.add(pt);
                }
            }
        }
        if (pos.isEmpty() && neg.isEmpty() && other.isEmpty()) {
            return;
        }
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (List<double[]> l : List.of(pos, neg, other)) {
            for (double[] p : l) {
                min = Math.min(min, p[1]);
                max = Math.max(max, p[1]);
            }
        }
        double width = max > min ? (max - min) / BINS : 1;
        ObjectNode d = data.putObject("dist");
        ArrayNode labels = d.putArray("labels");
        for (int b = 0; b < BINS; b++) {
            labels.add(ReportMarkdown.num(min + (b + 0.5) * width));
        }
        ObjectNode series = d.putObject("series");
        ObjectNode sc = data.putObject("scatter");
        String[] names = {"chosen / correct", "rejected / incorrect", "unlabelled"};
        List<List<double[]>> lists = List.of(pos, neg, other);
        for (int i = 0; i < 3; i++) {
            List<double[]> l = lists.get(i);
            if (l.isEmpty()) {
                continue;
            }
            int[] counts = new int[BINS];
            for (double[] p : l) {
                int b = (int) Math.min(BINS - 1, Math.floor((p[1] - min) / width));
                counts[Math.max(0, b)]++;
            }
            ArrayNode a = series.putArray(names[i]);
            for (int x : counts) {
                a.add(x);
            }
            ArrayNode pts = sc.putArray(names[i]);
            int stride = Math.max(1, (l.size() + MAX_POINTS - 1) / MAX_POINTS);
            for (int k = 0; k < l.size(); k += stride) {
                pts.addObject().put("x", l.get(k)[0]).put("y", l.get(k)[1]);
            }
        }
        boolean anyLength = lists.stream().flatMap(List::stream).anyMatch(p -> p[0] > 0);
        if (!anyLength) {
            data.remove("scatter");
        }
    }

    private static void probeCharts(ProbeReport p, ArrayNode out) {
        for (ProbeResult r : p.results()) {
            if (r.rows().isEmpty() || r.name().equals("length_bias")) {
                continue;
            }
            ObjectNode c = out.addObject();
            c.put("title", r.title() + " — " + r.verdict());
            ArrayNode labels = c.putArray("labels");
            Set<String> cols = new LinkedHashSet<>();
            r.rows().forEach(row -> cols.addAll(row.values().keySet()));
            r.rows().forEach(row -> labels.add(row.label()));
            ObjectNode series = c.putObject("series");
            for (String col : cols) {
                ArrayNode a = series.putArray(col);
                for (ProbeResult.Row row : r.rows()) {
                    Double v = row.values().get(col);
                    if (v == null || v.isNaN()) {
                        a.addNull();
                    } else {
                        a.add(v);
                    }
                }
            }
        }
        ObjectNode verdicts = out.addObject();
        verdicts.put("title", "Probe verdicts (0 pass, 1 warn, 2 fail)");
        ArrayNode labels = verdicts.putArray("labels");
        ArrayNode vals = verdicts.putObject("series").putArray("verdict");
        for (ProbeResult r : p.results()) {
            labels.add(r.name());
            switch (r.verdict()) {
                case "pass" -> vals.add(0);
                case "warn" -> vals.add(1);
                case "fail" -> vals.add(2);
                default -> vals.addNull();
            }
        }
    }

    private static void probeTables(StringBuilder body, ProbeReport p) {
        body.append("<h2>Robustness probes</h2>\n<p>Spec <code>").append(esc(p.spec())).append("</code> — ")
                .append(esc(p.specSignatureId())).append("<br>Pairwise verdicts: ").append(esc(p.judge())).append("<br>Cases: ")
                .append(esc(p.probeSet())).append("</p>\n<table><tr><th>probe</th><th>verdict</th><th>summary</th></tr>\n");
        for (ProbeResult r : p.results()) {
            body.append("<tr><td>").append(esc(r.title())).append("</td><td class=\"v-").append(esc(r.verdict())).append("\">")
                    .append(esc(r.verdict())).append("</td><td>").append(esc(r.summary())).append("</td></tr>\n");
        }
        body.append("</table>\n");
        for (ProbeResult r : p.results()) {
            if (r.metrics().isEmpty()) {
                continue;
            }
            body.append("<h3>").append(esc(r.title())).append("</h3>\n<p class=\"formula\">").append(esc(r.source())).append("</p>\n<table>");
            r.metrics().forEach((k, v) -> body.append("<tr><td>").append(esc(k)).append("</td><td class=\"num\">")
                    .append(ReportMarkdown.num(v)).append("</td></tr>"));
            body.append("</table>\n");
            if (!r.notes().isEmpty()) {
                body.append("<ul>");
                r.notes().forEach(n -> body.append("<li>").append(esc(n)).append("</li>"));
                body.append("</ul>\n");
            }
        }
    }

    private static void groupTable(StringBuilder body, String title, List<MetricGroup> gs) {
        if (gs.isEmpty()) {
            return;
        }
        Set<String> cols = new LinkedHashSet<>();
        gs.forEach(g -> cols.addAll(g.metrics().keySet()));
        body.append("<h2>").append(title).append("</h2>\n<table><tr><th>name</th><th>n</th>");
        cols.forEach(c -> body.append("<th>").append(esc(c)).append("</th>"));
        body.append("</tr>\n");
        for (MetricGroup g : gs) {
            body.append("<tr><td>").append(esc(g.label())).append("</td><td class=\"num\">").append(g.n()).append("</td>");
            cols.forEach(c -> body.append("<td class=\"num\">").append(ReportMarkdown.num(g.metrics().get(c))).append("</td>"));
            body.append("</tr>\n");
        }
        body.append("</table>\n");
    }

    private static void li(StringBuilder body, String k, String v) {
        if (v != null) {
            body.append("<li>").append(esc(k)).append(": ").append(esc(v)).append("</li>");
        }
    }

    private static String page(String title, String body, ObjectNode data) {
        String json = ReportJson.compact(data).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026");
        String js = chartJs().replace("</script", "<\\/script");
        return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>" + esc(title) + "</title>\n"
                + "<style>\n" + CSS + "</style>\n"
                + "<script>\nwindow.__reportErrors = [];\n"
                + "window.onerror = function (msg, src, line, col, err) { window.__reportErrors.push(String(msg) + ' at ' + line + ':' + col); return false; };\n"
                + "window.addEventListener('unhandledrejection', function (e) { window.__reportErrors.push('unhandled rejection: ' + e.reason); });\n"
                + "(function () { var orig = console.error; console.error = function () { window.__reportErrors.push(Array.prototype.join.call(arguments, ' ')); if (orig) { orig.apply(console, arguments); } }; })();\n"
                + "</script>\n"
                + "<script>\n" + js + "\n</script>\n"
                + "</head>\n<body>\n<div id=\"render-status\" data-status=\"pending\">pending</div>\n<pre id=\"errors\"></pre>\n"
                + body
                + "<script id=\"report-data\" type=\"application/json\">" + json + "</script>\n"
                + "<script>\n" + DRAW + "</script>\n</body>\n</html>\n";
    }

    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                default -> sb.append(ch);
            }
        }
        return sb.toString();
    }

    private static final String CSS = """
            body { font-family: system-ui, sans-serif; margin: 2em; color: #222; max-width: 1100px; }
            table { border-collapse: collapse; margin: 0.5em 0 1.5em; }
            td, th { border: 1px solid #ccc; padding: 3px 8px; text-align: left; vertical-align: top; }
            td.num { text-align: right; font-variant-numeric: tabular-nums; }
            .headline { font-size: 1.3em; }
            .formula { color: #666; font-size: 0.8em; }
            .chart { margin: 1em 0 2em; }
            .v-pass { background: #d8f5d8; } .v-warn { background: #fbefc8; } .v-fail { background: #f8d0d0; }
            #render-status { display: none; } #errors:empty { display: none; } #errors { color: #a00; }
            """;

    /** The page script: draws every chart, checks it painted, reports. */
    private static final String DRAW = """
            (function () {
              var status = document.getElementById('render-status');
              var charts = 0, painted = 0;
              var palette = ['#2f6fb3', '#d0573b', '#4c9a5b', '#8a63b8', '#c28f1f', '#3aa3a8'];
              function canvas(title, height) {
                var wrap = document.createElement('div');
                wrap.className = 'chart';
                var h = document.createElement('h3');
                h.textContent = title;
                wrap.appendChild(h);
                var c = document.createElement('canvas');
                c.width = 900; c.height = height;
                wrap.appendChild(c);
                document.getElementById('charts').appendChild(wrap);
                return c;
              }
              function draw(c, config) {
                config.options = Object.assign({ animation: false, responsive: false, devicePixelRatio: 1 }, config.options || {});
                var chart = new Chart(c.getContext('2d'), config);
                chart.draw();
                charts++;
                var px = c.getContext('2d').getImageData(0, 0, c.width, c.height).data, ink = 0;
                for (var i = 3; i < px.length; i += 4) { if (px[i] !== 0) { ink++; } }
                if (ink > 0) { painted++; } else { window.__reportErrors.push('chart "' + config.__title + '" painted nothing'); }
              }
              function series(obj) {
                return Object.keys(obj).map(function (k, i) {
                  return { label: k, data: obj[k], backgroundColor: palette[i % palette.length], borderColor: palette[i % palette.length] };
                });
              }
              try {
                if (typeof Chart === 'undefined') { throw new Error('chart.js did not load'); }
                var data = JSON.parse(document.getElementById('report-data').textContent);
                (data.bars || []).forEach(function (b) {
                  var many = b.labels.length > 12;
                  var c = canvas(b.title, many ? Math.max(300, 22 * b.labels.length) : 360);
                  draw(c, { __title: b.title, type: 'bar', data: { labels: b.labels, datasets: [{ label: b.series, data: b.values, backgroundColor: palette[0] }] },
                    options: { indexAxis: many ? 'y' : 'x', plugins: { legend: { display: true } } } });
                });
                if (data.dist) {
                  var c1 = canvas('Score distribution: chosen vs rejected', 360);
                  draw(c1, { __title: 'distribution', type: 'bar', data: { labels: data.dist.labels, datasets: series(data.dist.series) },
                    options: { scales: { x: { title: { display: true, text: 'score' } }, y: { title: { display: true, text: 'candidates' } } } } });
                }
                if (data.scatter && Object.keys(data.scatter).length > 0) {
                  var c2 = canvas('Length vs score', 420);
                  draw(c2, { __title: 'scatter', type: 'scatter', data: { datasets: series(data.scatter) },
                    options: { scales: { x: { title: { display: true, text: 'length (characters)' } }, y: { title: { display: true, text: 'score' } } } } });
                }
                (data.probes || []).forEach(function (p) {
                  var c3 = canvas(p.title, p.labels.length > 12 ? Math.max(300, 22 * p.labels.length) : 320);
                  draw(c3, { __title: p.title, type: 'bar', data: { labels: p.labels, datasets: series(p.series) },
                    options: { indexAxis: p.labels.length > 12 ? 'y' : 'x' } });
                });
              } catch (e) {
                window.__reportErrors.push('render failed: ' + (e && e.message ? e.message : e));
              }
              document.getElementById('errors').textContent = window.__reportErrors.join('\\n');
              var ok = window.__reportErrors.length === 0 && painted === charts;
              status.setAttribute('data-status', ok ? 'ok' : 'error');
              status.textContent = (ok ? 'ok' : 'error') + ' charts=' + charts + ' painted=' + painted + ' errors=' + window.__reportErrors.length;
            })();
            """;
}
