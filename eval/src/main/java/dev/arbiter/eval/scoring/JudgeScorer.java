package dev.arbiter.eval.scoring;

import dev.arbiter.core.Deadline;
import dev.arbiter.core.RewardResult;
import dev.arbiter.core.engine.Evaluator;
import dev.arbiter.eval.EvalException;
import dev.arbiter.eval.ProgressListener;
import dev.arbiter.eval.data.Candidate;
import dev.arbiter.eval.data.EvalItem;
import dev.arbiter.eval.data.Gold;
import dev.arbiter.eval.data.Judgment;
import dev.arbiter.eval.data.ScoreRecord;
import dev.arbiter.eval.data.ScoreTable;
import dev.arbiter.eval.probe.PairwiseJudge;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs a {@link PairwiseJudge} over benchmark items and records its verdicts as {@link Judgment}s, which the
 * benchmarks then score by their own judge rules. Which pairs are judged follows the gold:
 * <ul>
 *   <li>{@code ordered_label} (JudgeBench, WildBench): JudgeBench both orders [A, B] and [B, A]; WildBench the order
 *       [test, reference] only;</li>
 *   <li>{@code pair}: one order chosen by a seeded coin per item (RewardBench's protocol, but reproducible), or both
 *       orders when asked;</li>
 *   <li>{@code one_vs_many} (RewardMATH pairwise): the chosen against each rejected, seeded order per pair;</li>
 *   <li>{@code style_matrix} (RM-Bench): every chosen style against every rejected style, seeded order per cell.</li>
 * </ul>
 * The coin is the first bit of SHA-256({@code seed:item:pair}): the same seed gives the same orders on any machine.
 */
public final class JudgeScorer {
    private final PairwiseJudge judge;
    private final Duration budget;
    private final int parallelism;
    private final ProgressListener progress;
    private final boolean bothOrders;
    private final long seed;

    public JudgeScorer(PairwiseJudge judge, Duration budget, int parallelism, ProgressListener progress, boolean bothOrders, long seed) {
        this.judge = judge;
        this.budget = budget;
        this.parallelism = Math.max(1, parallelism);
        this.progress = progress == null ? ProgressListener.NONE : progress;
        this.bothOrders = bothOrders;
        this.seed = seed;
    }

    private record Task(int item, List<String> order, int sample) {
    }

    /** Judges the pairs of every item; {@code benchmark} picks the ordered-label protocol. */
    public ScoreTable score(List<EvalItem> items, String benchmark) {
        if (benchmark.equals("rewardbench2")) {
            throw new EvalException(EvalException.Kind.USAGE, "RewardBench 2 judges rank all answers of a prompt at once (or rate "
                    + "each); a pairwise judge does not fit its rules: use a scalar (ratings) spec or precomputed scores");
        }
        List<Task> tasks = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            EvalItem it = items.get(i);
            Gold g = it.gold();
            if (g instanceof Gold.OrderedLabel o) {
                tasks.add(new Task(i, o.order(), 0));
                if (!benchmark.equals("wildbench")) {
                    tasks.add(new Task(i, List.of(o.order().get(1), o.order().get(0)), 1));
                }
            } else if (g instanceof Gold.Pair p) {
                pair(tasks, i, it.id(), p.chosen(), p.rejected(), 0);
            } else if (g instanceof Gold.OneVsMany o) {
                int k = 0;
                for (String r : o.rejected()) {
                    pair(tasks, i, it.id(), o.chosen().get(0), r, k++);
                }
            } else if (g instanceof Gold.StyleMatrix s) {
                int k = 0;
                for (String c : s.chosen()) {
                    for (String r : s.rejected()) {
                        pair(tasks, i, it.id(), c, r, k++);
                    }
                }
            } else {
                throw new EvalException(EvalException.Kind.USAGE, "a pairwise judge cannot score " + it.label() + ": gold type '"
                        + g.type() + "' has no pairs (use a scalar reward spec or precomputed scores)");
            }
        }
        Judgment[] out = new Judgment[tasks.size()];
        AtomicLong done = new AtomicLong();
        progress.start("judging", tasks.size());
        List<CompletableFuture<Void>> fs = new ArrayList<>();
        try (Evaluator ev = new Evaluator(parallelism)) {
            for (int t = 0; t < tasks.size(); t++) {
                int idx = t;
                Task task = tasks.get(t);
                EvalItem it = items.get(task.item());
                String first = text(it, task.order().get(0));
                String second = text(it, task.order().get(1));
                fs.add(ev.submit(budget, new Evaluator.Job<Judgment>() {
                    @Override
                    public RewardResult evaluate(Deadline deadline) {
                        try {
                            PairwiseJudge.Verdict v = first == null || second == null ? PairwiseJudge.Verdict.UNPARSED
                                    : judge.judge(it.prompt(), first, second, it.reference(), deadline);
                            return RewardResult.ok((v == null ? PairwiseJudge.Verdict.UNPARSED : v).ordinal());
                        } catch (RuntimeException e) {
                            return RewardResult.error(e.toString());
                        }
                    }

                    @Override
                    public Judgment finish(RewardResult r) {
                        PairwiseJudge.Verdict v = r.isOk() ? PairwiseJudge.Verdict.values()[(int) r.score()] : PairwiseJudge.Verdict.UNPARSED;
                        String parsed = switch (v) {
                            case FIRST -> "A>B";
                            case SECOND -> "B>A";
                            case TIE -> "A=B";
                            default -> null;
                        };
                        return new Judgment(task.order(), r.isOk() ? null : r.status().wireName() + ": " + r.reason(), parsed, task.sample());
                    }
                }).thenAccept(j -> {
                    out[idx] = j;
                    progress.advance(done.incrementAndGet(), tasks.size());
                }));
            }
            CompletableFuture.allOf(fs.toArray(new CompletableFuture<?>[0])).join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EvalException(EvalException.Kind.OUTPUT, "interrupted while judging");
        } finally {
            progress.finish();
        }
        List<List<Judgment>> per = new ArrayList<>();
        items.forEach(x -> per.add(new ArrayList<>()));
        for (int t = 0; t < tasks.size(); t++) {
            per.get(tasks.get(t).item()).add(out[t]);
        }
        Map<String, ScoreRecord> byId = new LinkedHashMap<>();
        for (int i = 0; i < items.size(); i++) {
            byId.put(items.get(i).id(), new ScoreRecord(items.get(i).id(), null, null, per.get(i), null, "judge"));
        }
        return new ScoreTable(byId, Map.of(), List.of(), "judge " + judge.signature());
    }

    private void pair(List<Task> tasks, int item, String id, String chosen, String rejected, int k) {
        if (bothOrders) {
            tasks.add(new Task(item, List.of(chosen, rejected), 2 * k));
            tasks.add(new Task(item, List.of(rejected, chosen), 2 * k + 1));
        } else {
            boolean chosenFirst = coin(id + ":" + k);
            tasks.add(new Task(item, chosenFirst ? List.of(chosen, rejected) : List.of(rejected, chosen), k));
        }
    }

    private boolean coin(String key) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest((seed + ":" + key).getBytes(StandardCharsets.UTF_8));
            return (h[0] & 1) == 0;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String text(EvalItem it, String cid) {
        return it.candidate(cid).map(Candidate::text).orElse(null);
    }
}
