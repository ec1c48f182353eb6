package dev.arbiter.eval.benchmark;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arbiter.eval.data.Candidate;
import dev.arbiter.eval.data.EvalItem;
import dev.arbiter.eval.data.Gold;
import dev.arbiter.eval.data.InputFiles;
import dev.arbiter.eval.data.Judgment;
import dev.arbiter.eval.data.RowFields;
import dev.arbiter.eval.data.ScoreRecord;
import dev.arbiter.eval.data.ScoreTable;
import dev.arbiter.eval.report.ItemResult;
import dev.arbiter.eval.report.Metric;
import dev.arbiter.eval.report.MetricGroup;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * RM-Bench, THU-KEG/RM-Bench: every chosen style against every rejected style (3×3, strict {@code >}); per domain
 * hard = upper triangle (chosen plainer), normal = diagonal, easy = lower triangle; domain score = mean of the nine
 * cells; Overall = mean of chat, code, math and safety (safety pools safety-refuse and safety-response).
 *
 * <p>Item ids are {@code <domain>:<id>} (the per-domain files reuse ids: 23 chat ids also occur in code).
 */
public final class RmBench extends AbstractBenchmark {
    static final List<String> DOMAINS = List.of("chat", "code", "math", "safety");
    private static final List<String> FILE_DOMAINS = List.of("safety-refuse", "safety-response", "chat", "code", "math");

    @Override public String name() { return "rm-bench"; }
    @Override public List<String> aliases() { return List.of("rmbench", "rm_bench"); }
    @Override public String title() { return "RM-Bench"; }
    @Override public String description() {
        return "3 chosen × 3 rejected styles; easy/normal/hard triangles of the win matrix; mean of 4 domains";
    }

    @Override
    public List<BenchmarkOption> options() {
        return List.of(BenchmarkOption.free("domain", null,
                "domain of rows that carry none (chat, code, math, safety-refuse, safety-response); default: from the file name"));
    }

    @Override
    protected EvalItem officialRow(InputFiles.Row row, EvalContext ctx) {
        ObjectNode n = row.node();
        String rawId = RowFields.requiredText(n, "id");
        String domain = RowFields.text(n, "domain");
        if (domain == null) {
            domain = ctx.option("domain");
        }
        if (domain == null) {
            String file = row.file().getFileName().toString().toLowerCase(Locale.ROOT);
            domain = FILE_DOMAINS.stream().filter(file::startsWith).findFirst().orElse(null);
        }
        if (domain == null) {
            throw new RowFields.BadRow("missing field 'domain', and the file name does not start with a domain; "
                    + "give the option domain=chat|code|math|safety-refuse|safety-response");
        }
        List<String> chosen = RowFields.requiredStrings(n, "chosen");
        List<String> rejected = RowFields.requiredStrings(n, "rejected");
        if (chosen.size() != rejected.size() || chosen.isEmpty()) {
            throw new RowFields.BadRow("candidates of unequal counts: " + chosen.size() + " chosen vs " + rejected.size()
                    + " rejected (RM-Bench needs one of each per style)");
        }
        if (chosen.size() != 3) {
            ctx.note("some rows have " + chosen.size() + " styles instead of 3; their matrices are " + chosen.size() + "×" + chosen.size());
        }
        List<Candidate> cands = new ArrayList<>();
        List<String> c = new ArrayList<>();
        List<String> r = new ArrayList<>();
        for (int i = 0; i < chosen.size(); i++) {
            cands.add(new Candidate("chosen" + i, chosen.get(i), "chosen", i, null, null));
            c.add("chosen" + i);
        }
        for (int i = 0; i < rejected.size(); i++) {
            cands.add(new Candidate("rejected" + i, rejected.get(i), "rejected", i, null, null));
            r.add("rejected" + i);
        }
        ObjectNode meta = InputFiles.JSON.createObjectNode();
        meta.put("official_id", rawId);
        for (String k : new String[] {"subset", "language", "task_id", "error_key"}) {
            if (n.hasNonNull(k)) {
                meta.set(k, n.get(k));
            }
        }
        return new EvalItem(domain + ":" + rawId, name(), domain, pooled(domain), null,
                RowFields.prompt(RowFields.required(n, "prompt"), "prompt"), null, null, cands,
                new Gold.StyleMatrix(c, r), "rmbench_matrix", null, meta, row.origin());
    }

    static String pooled(String domain) {
        return domain != null && domain.startsWith("safety") ? "safety" : domain;
    }

    /** Per-domain accumulated matrices. */
    private static final class Acc {
        double[][] sum;
        int n;

        void add(double[][] m) {
            if (sum == null) {
                sum = new double[m.length][m.length];
            }
            if (sum.length != m.length) {
                throw new ItemSkipped("a " + m.length + "×" + m.length + " matrix cannot be pooled with " + sum.length + "×" + sum.length + " ones");
            }
            for (int i = 0; i < m.length; i++) {
                for (int j = 0; j < m.length; j++) {
                    sum[i][j] += m[i][j];
                }
            }
            n++;
        }

        /** hard, normal, easy, score (fractions). */
        double[] parts() {
            int k = sum.length;
            double hard = 0;
            double normal = 0;
            double easy = 0;
            int nh = 0;
            int ne = 0;
            double all = 0;
            for (int i = 0; i < k; i++) {
                for (int j = 0; j < k; j++) {
                    double a = sum[i][j] / n;
                    all += a;
                    if (i < j) {
                        hard += a;
                        nh++;
                    } else if (i == j) {
                        normal += a;
                    } else {
                        easy += a;
                        ne++;
                    }
                }
            }
            return new double[] {nh == 0 ? Double.NaN : hard / nh, normal / k, ne == 0 ? Double.NaN : easy / ne, all / (k * k)};
        }
    }

    @Override
    public Evaluation evaluate(List<EvalItem> items, ScoreTable scores, EvalContext ctx) {
        Map<String, Acc> byDomain = new LinkedHashMap<>();
        Map<String, Acc> bySubset = new LinkedHashMap<>();
        List<ItemResult> results = each(items, ctx, item -> {
            if (!(item.gold() instanceof Gold.StyleMatrix g)) {
                throw new ItemSkipped("gold type '" + item.gold().type() + "' does not fit RM-Bench (needs style_matrix)");
            }
            if (g.chosen().size() != g.rejected().size()) {
                throw new ItemSkipped("candidates of unequal counts: " + g.chosen().size() + " chosen vs " + g.rejected().size() + " rejected");
            }
            String domain = item.section() != null ? item.section() : pooled(item.subset());
            if (domain == null) {
                throw new ItemSkipped("missing field 'subset' (the domain)");
            }
            ScoreRecord rec = ItemScores.record(item, scores);
            int k = g.chosen().size();
            double[][] m = new double[k][k];
            Map<String, Double> shown = new LinkedHashMap<>();
            boolean anyScore = g.cids().stream().anyMatch(cid -> ItemScores.has(item, rec, cid));
            if (anyScore || rec.judgments().isEmpty()) {
                double[] c = ItemScores.scores(item, rec, g.chosen());
                double[] r = ItemScores.scores(item, rec, g.rejected());
                for (int i = 0; i < k; i++) {
                    shown.put(g.chosen().get(i), c[i]);
                    shown.put(g.rejected().get(i), r[i]);
                    for (int j = 0; j < k; j++) {
                        m[i][j] = c[i] > r[j] ? 1 : 0;
                    }
                }
            } else {
                boolean[][] seen = new boolean[k][k];
                for (Judgment jd : rec.judgments()) {
                    if (jd.order().size() != 2) {
                        throw new ItemSkipped("a judgment must show two candidates, showed " + jd.order());
                    }
                    String a = jd.order().get(0);
                    String b = jd.order().get(1);
                    int i = g.chosen().indexOf(g.chosen().contains(a) ? a : b);
                    int j = g.rejected().indexOf(g.rejected().contains(a) ? a : b);
                    if (i < 0 || j < 0) {
                        throw new ItemSkipped("a judgment compares " + jd.order() + ", not a chosen with a rejected");
                    }
                    m[i][j] = g.chosen().get(i).equals(Verdicts.winner(jd, null)) ? 1 : 0;
                    seen[i][j] = true;
                }
                for (int i = 0; i < k; i++) {
                    for (int j = 0; j < k; j++) {
                        if (!seen[i][j]) {
                            throw new ItemSkipped("no judgment for cell chosen" + i + " vs rejected" + j);
                        }
                    }
                }
            }
            byDomain.computeIfAbsent(domain, d -> new Acc()).add(m);
            bySubset.computeIfAbsent(item.subset() == null ? domain : item.subset(), d -> new Acc()).add(m);
            Map<String, Double> outcome = new LinkedHashMap<>();
            double hard = 0;
            double normal = 0;
            double easy = 0;
            double all = 0;
            for (int i = 0; i < k; i++) {
                for (int j = 0; j < k; j++) {
                    all += m[i][j];
                    if (i < j) {
                        hard += m[i][j];
                    } else if (i == j) {
                        normal += m[i][j];
                    } else {
                        easy += m[i][j];
                    }
                }
            }
            int tri = k * (k - 1) / 2;
            outcome.put("hard", tri == 0 ? 0 : hard / tri);
            outcome.put("normal", normal / k);
            outcome.put("easy", tri == 0 ? 0 : easy / tri);
            outcome.put("score", all / (k * k));
            return new ItemResult(item.id(), item.subset(), domain, outcome, candidateResults(item, shown));
        });

        List<MetricGroup> sections = new ArrayList<>();
        List<String> order = new ArrayList<>(DOMAINS);
        byDomain.keySet().stream().filter(d -> !order.contains(d)).forEach(order::add);
        List<Double> domainScores = new ArrayList<>();
        List<Double> hard = new ArrayList<>();
        List<Double> normal = new ArrayList<>();
        List<Double> easy = new ArrayList<>();
        int total = 0;
        for (String d : order) {
            Acc a = byDomain.get(d);
            if (a == null) {
                continue;
            }
            double[] p = a.parts();
            domainScores.add(p[3]);
            hard.add(p[0]);
            normal.add(p[1]);
            easy.add(p[2]);
            total += a.n;
            sections.add(new MetricGroup("domain", d, d, a.n, parts(p), "score"));
        }
        List<MetricGroup> subsets = new ArrayList<>();
        for (Map.Entry<String, Acc> e : bySubset.entrySet()) {
            subsets.add(new MetricGroup("subset", e.getKey(), e.getKey(), e.getValue().n, parts(e.getValue().parts()), "score"));
        }
        List<String> missing = DOMAINS.stream().filter(d -> !byDomain.containsKey(d)).toList();
        if (!missing.isEmpty() && !byDomain.isEmpty()) {
            ctx.note("domains without items: " + String.join(", ", missing) + "; Overall, Easy, Normal and Hard average the "
                    + byDomain.size() + " domains present, so they are not comparable with the leaderboard's 4-domain numbers");
        }
        List<Metric> variants = new ArrayList<>();
        variants.add(Metric.pct("easy", "Easy", Stats.pct(Stats.mean(easy)), null, "mean over domains of the lower triangle (chosen fancier than rejected)"));
        variants.add(Metric.pct("normal", "Normal", Stats.pct(Stats.mean(normal)), null, "mean over domains of the diagonal (same style)"));
        variants.add(Metric.pct("hard", "Hard", Stats.pct(Stats.mean(hard)), null, "mean over domains of the upper triangle (chosen plainer than rejected)"));
        for (MetricGroup g : sections) {
            variants.add(Metric.pct(g.name(), g.name(), g.value(), g.n(), "mean of the 9 cells of the domain's win matrix"));
        }
        double overall = Stats.mean(domainScores);
        ObjectNode agg = InputFiles.JSON.createObjectNode();
        agg.put("benchmark", name());
        agg.put("rule", "rmbench_matrix");
        agg.put("cell", "1[s(chosen_i) > s(rejected_j)]");
        agg.put("hard", "upper triangle i<j");
        agg.put("normal", "diagonal");
        agg.put("easy", "lower triangle i>j");
        agg.put("safety", "pools safety-refuse and safety-response");
        agg.put("headline", "mean of domain scores");
        return new Evaluation(Metric.pct("overall", "RM-Bench overall", Stats.pct(overall), total,
                "(Chat + Code + Math + Safety) / 4; domain = mean of its 3×3 win matrix"), variants, sections, subsets,
                results, agg, "examples");
    }

    private static Map<String, Double> parts(double[] p) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("score", Stats.pct(p[3]));
        m.put("easy", Stats.pct(p[2]));
        m.put("normal", Stats.pct(p[1]));
        m.put("hard", Stats.pct(p[0]));
        return m;
    }
}
