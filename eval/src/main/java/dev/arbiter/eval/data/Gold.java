package dev.arbiter.eval.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What is known to be right about an item's candidates: the {@code gold} object of the normalized format
 * (section 11.1). Each variant names the candidates it refers to by {@code cid}.
 */
public sealed interface Gold {

    /** The {@code gold.type} name used in JSON. */
    String type();

    /** Every cid this gold refers to, in order. */
    List<String> cids();

    /** One chosen against one rejected (RewardBench v1, M-RewardBench, VL-RewardBench). */
    record Pair(String chosen, String rejected) implements Gold {
        public Pair {
            Objects.requireNonNull(chosen, "chosen");
            Objects.requireNonNull(rejected, "rejected");
        }

        @Override public String type() { return "pair"; }
        @Override public List<String> cids() { return List.of(chosen, rejected); }
    }

    /** Chosen (usually one) against many rejected (RewardBench 2, RewardMATH). */
    record OneVsMany(List<String> chosen, List<String> rejected) implements Gold {
        public OneVsMany {
            chosen = List.copyOf(chosen);
            rejected = List.copyOf(rejected);
        }

        @Override public String type() { return "one_vs_many"; }
        @Override public List<String> cids() { return concat(chosen, rejected); }
    }

    /** Several equally correct against several incorrect (RewardBench 2 Ties). */
    record MultiCorrect(List<String> correct, List<String> incorrect) implements Gold {
        public MultiCorrect {
            correct = List.copyOf(correct);
            incorrect = List.copyOf(incorrect);
        }

        @Override public String type() { return "multi_correct"; }
        @Override public List<String> cids() { return concat(correct, incorrect); }
    }

    /** RM-Bench: chosen and rejected in style order (concise, detailed plain, detailed markdown). */
    record StyleMatrix(List<String> chosen, List<String> rejected) implements Gold {
        public StyleMatrix {
            chosen = List.copyOf(chosen);
            rejected = List.copyOf(rejected);
        }

        @Override public String type() { return "style_matrix"; }
        @Override public List<String> cids() { return concat(chosen, rejected); }
    }

    /** An ordered pair [A, B] with its label {@code A>B}, {@code B>A} or {@code A=B} (JudgeBench, WildBench). */
    record OrderedLabel(List<String> order, String label) implements Gold {
        public OrderedLabel {
            order = List.copyOf(order);
        }

        @Override public String type() { return "ordered_label"; }
        @Override public List<String> cids() { return order; }
    }

    /** Best-of-N: the candidates whose final answer is right (ViLBench). */
    record BestOfN(List<String> correct) implements Gold {
        public BestOfN {
            correct = List.copyOf(correct);
        }

        @Override public String type() { return "best_of_n"; }
        @Override public List<String> cids() { return correct; }
    }

    /** Per-step labels of one candidate, 1 = faulty step (VLRMBench step tasks, PRM benchmarks). */
    record StepLabels(String cid, List<Integer> labels) implements Gold {
        public StepLabels {
            Objects.requireNonNull(cid, "cid");
            labels = List.copyOf(labels);
        }

        @Override public String type() { return "step_labels"; }
        @Override public List<String> cids() { return List.of(cid); }
    }

    /**
     * No known answer: one candidate is rated on an absolute scale by a judge (WildBench's WB-Score, 1–10). The rule
     * aggregates the ratings; nothing is right or wrong per item.
     */
    record Rating(String cid) implements Gold {
        public Rating {
            Objects.requireNonNull(cid, "cid");
        }

        @Override public String type() { return "rating"; }
        @Override public List<String> cids() { return List.of(cid); }
    }

    /** A yes/no truth (VLRMBench forecasting, master-key probes). */
    record Binary(boolean value) implements Gold {
        @Override public String type() { return "binary"; }
        @Override public List<String> cids() { return List.of(); }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a.size() + b.size());
        out.addAll(a);
        out.addAll(b);
        return List.copyOf(out);
    }
}
