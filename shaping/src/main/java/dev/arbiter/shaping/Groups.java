package dev.arbiter.shaping;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arbiter.core.group.GroupMember;

import java.util.List;

/** Helpers shared by the group transforms. */
final class Groups {
    private Groups() {
    }

    /** The members' ok scores, NaN for members without an ok result. */
    static double[] scores(List<GroupMember> members) {
        double[] out = new double[members.size()];
        for (int i = 0; i < out.length; i++) {
            GroupMember m = members.get(i);
            out[i] = m.result().isOk() ? m.result().score() : Double.NaN;
        }
        return out;
    }

    /** The finite entries of {@code xs}. */
    static double[] finite(double[] xs) {
        int n = 0;
        for (double x : xs) {
            if (Double.isFinite(x)) {
                n++;
            }
        }
        double[] out = new double[n];
        int j = 0;
        for (double x : xs) {
            if (Double.isFinite(x)) {
                out[j++] = x;
            }
        }
        return out;
    }

    /**
     * The training step of a group: the caller's {@code step} when it is not 0, otherwise the first integral
     * {@code meta.<field>} among the members (the CLI passes 0, so the data carries the step), otherwise 0.
     */
    static long step(List<GroupMember> members, long step, String field) {
        if (step != 0 || field == null || field.isEmpty()) {
            return step;
        }
        for (GroupMember m : members) {
            JsonNode n = Inputs.at(m.sample(), field);
            if (n != null && n.isNumber() && Double.isFinite(n.asDouble())) {
                return (long) Math.floor(n.asDouble());
            }
            if (n != null && n.isTextual()) {
                try {
                    return Long.parseLong(n.asText().strip());
                } catch (NumberFormatException ignored) {
                    // not a step; look further
                }
            }
        }
        return 0;
    }

    /** The group's key for seeding (its group key, else the first member's id). */
    static String key(List<GroupMember> members) {
        if (members.isEmpty()) {
            return "";
        }
        String g = members.get(0).sample().group();
        return g.isEmpty() ? "id:" + members.get(0).sample().id() : "group:" + g;
    }

    /** {@code values} with every infinity replaced by NaN (no value): overflow never leaks out as ±∞. */
    static double[] sanitize(double[] values) {
        double[] out = values.clone();
        for (int i = 0; i < out.length; i++) {
            if (Double.isInfinite(out[i])) {
                out[i] = Double.NaN;
            }
        }
        return out;
    }

    static boolean[] all(int n, boolean v) {
        boolean[] out = new boolean[n];
        java.util.Arrays.fill(out, v);
        return out;
    }
}
