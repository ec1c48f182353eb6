package dev.arbiter.core.engine;

import dev.arbiter.core.InvalidInputException;
import dev.arbiter.core.RewardResult;
import dev.arbiter.core.Sample;
import dev.arbiter.core.Status;
import dev.arbiter.core.TestRewards;
import dev.arbiter.core.spec.RewardSpec;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;

class BatchScorerTest {

    /** Inputs are strings; "bad" cannot be parsed; the reward scores the response length and rejects "reject". */
    private static final RowCodec<String, String, String> CODEC = new RowCodec<>() {
        @Override
        public Prepared<String> prepare(long index, String input) {
            if (input.equals("bad")) {
                return Prepared.rejected(input, RewardResult.invalidInput("unreadable"));
            }
            return Prepared.of(input, Sample.of(input, "ref"));
        }

        @Override
        public String render(long index, String row, RewardResult result) {
            return index + ":" + row + ":" + result.status().wireName() + ":" + result.score();
        }

        @Override
        public String renderUnprepared(long index, String input, RewardResult result) {
            return index + ":?" + input;
        }
    };

    @Test
    void everyRecordComesOutOnceInInputOrderWithItsStatus() throws Exception {
        List<String> inputs = new ArrayList<>();
        IntStream.range(0, 5000).forEach(i -> inputs.add(i % 97 == 0 ? "bad" : i % 89 == 0 ? "reject" : "x".repeat(i % 13)));
        RewardSpec spec = new RewardSpec(TestRewards.scoring("len", s -> {
            if (s.response().equals("reject")) {
                throw new InvalidInputException("rejected");
            }
            return s.response().length();
        }), Duration.ofSeconds(5), "test");
        List<String> out = new ArrayList<>();
        BatchSummary summary;
        try (Evaluator ev = new Evaluator(3)) {
            summary = new BatchScorer(ev, spec).run(inputs.iterator(), CODEC, out::add, null);
        }
        assertEquals(inputs.size(), out.size());
        long invalid = 0;
        for (int i = 0; i < inputs.size(); i++) {
            String in = inputs.get(i);
            String expected = in.equals("bad") || in.equals("reject") ? i + ":" + in + ":invalid_input:0.0"
                    : i + ":" + in + ":ok:" + (double) in.length();
            assertEquals(expected, out.get(i));
            if (!expected.contains(":ok:")) {
                invalid++;
            }
        }
        assertEquals(Map.of(Status.OK, inputs.size() - invalid, Status.INVALID_INPUT, invalid, Status.TIMEOUT, 0L,
                Status.ERROR, 0L), summary.counts());
        assertEquals(inputs.size(), summary.rows());
    }

    @Test
    void aRunawaySampleTimesOutWithoutHoldingUpTheOthers() throws Exception {
        RewardSpec spec = new RewardSpec(new dev.arbiter.core.Reward() {
            @Override
            public dev.arbiter.core.RewardSignature signature() {
                return dev.arbiter.core.RewardSignature.of("mixed", 1);
            }

            @Override
            public RewardResult score(Sample s, dev.arbiter.core.Deadline d) {
                if (s.response().equals("slow")) {
                    return TestRewards.cooperativeSpinner().score(s, d);
                }
                return RewardResult.ok(1);
            }
        }, Duration.ofMillis(50), "test");
        List<String> inputs = List.of("a", "slow", "b", "c");
        List<String> out = new ArrayList<>();
        try (Evaluator ev = new Evaluator(2)) {
            new BatchScorer(ev, spec).run(inputs.iterator(), CODEC, out::add, null);
        }
        assertEquals(List.of("0:a:ok:1.0", "1:slow:timeout:0.0", "2:b:ok:1.0", "3:c:ok:1.0"), out);
    }
}
