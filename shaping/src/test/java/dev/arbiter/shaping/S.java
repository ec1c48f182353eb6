package dev.arbiter.shaping;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arbiter.core.Deadline;
import dev.arbiter.core.RewardResult;
import dev.arbiter.core.Sample;
import dev.arbiter.core.Scoring;
import dev.arbiter.core.group.GroupMember;
import dev.arbiter.core.group.GroupTransform;
import dev.arbiter.core.group.GroupTransformRegistry;
import dev.arbiter.core.spec.RewardRegistry;
import dev.arbiter.core.spec.RewardSpec;
import dev.arbiter.core.spec.SpecParser;

import java.util.ArrayList;
import java.util.List;

/** Test helpers: samples with meta, rewards and transforms from YAML. */
final class S {
    static final ObjectMapper M = new ObjectMapper();
    static final RewardRegistry REWARDS = RewardRegistry.fromServiceLoader();
    static final GroupTransformRegistry TRANSFORMS = GroupTransformRegistry.fromServiceLoader();

    private S() {
    }

    static ObjectNode meta(String json) {
        try {
            return (ObjectNode) M.readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException(json, e);
        }
    }

    static Sample sample(String id, String group, String metaJson) {
        return new Sample(id, "", null, "response " + id, null, group, meta(metaJson));
    }

    static Sample sample(String metaJson) {
        return sample("1", "", metaJson);
    }

    static RewardResult score(String spec, Sample s) {
        return Scoring.guarded(reward(spec), s, Deadline.none());
    }

    static dev.arbiter.core.Reward reward(String spec) {
        return RewardSpec.resolve(spec, REWARDS).reward();
    }

    static double value(String spec, String metaJson) {
        RewardResult r = score(spec, sample(metaJson));
        if (!r.isOk()) {
            throw new AssertionError("not ok: " + r);
        }
        return r.score();
    }

    static GroupTransform transform(String yaml) {
        return TRANSFORMS.build(new SpecParser().parse("t.yaml", yaml), REWARDS);
    }

    /** Members with these scores (NaN → a timeout result) and no meta. */
    static List<GroupMember> group(double... scores) {
        List<GroupMember> out = new ArrayList<>();
        for (int i = 0; i < scores.length; i++) {
            out.add(member("g", i, scores[i], "{}"));
        }
        return out;
    }

    static GroupMember member(String group, int i, double score, String metaJson) {
        Sample s = sample(Integer.toString(i + 1), group, metaJson);
        return new GroupMember(s, Double.isNaN(score) ? RewardResult.timeout("slow") : RewardResult.ok(score));
    }
}
