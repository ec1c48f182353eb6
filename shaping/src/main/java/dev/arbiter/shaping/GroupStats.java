package dev.arbiter.shaping;

import dev.arbiter.core.group.GroupMember;

import java.util.List;

/** Mean and standard deviations of the ok scores of a group; members without an ok score are left out. */
record GroupStats(int n, double mean, double stdUnbiased, double stdPopulation) {

    static GroupStats of(List<GroupMember> members) {
        int n = 0;
        double sum = 0;
        for (GroupMember m : members) {
            if (m.result().isOk()) {
                n++;
                sum += m.result().score();
            }
        }
        if (n == 0) {
            return new GroupStats(0, Double.NaN, Double.NaN, Double.NaN);
        }
        double mean = sum / n;
        double ss = 0;
        for (GroupMember m : members) {
            if (m.result().isOk()) {
                double d = m.result().score() - mean;
                ss += d * d;
            }
        }
        return new GroupStats(n, mean, n > 1 ? Math.sqrt(ss / (n - 1)) : Double.NaN, Math.sqrt(ss / n));
    }

    java.util.Map<String, Object> details() {
        java.util.Map<String, Object> d = new java.util.LinkedHashMap<>();
        d.put("size", n);
        if (n > 0) {
            d.put("mean", mean);
            d.put("std", n > 1 ? stdUnbiased : 0.0);
        }
        return d;
    }
}
