package dev.arbiter.eval.benchmark;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Values collected per key, in first-seen order; for per-group means. */
public final class Tally {
    private final Map<String, List<Double>> values = new LinkedHashMap<>();

    public void add(String key, double value) {
        values.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
    }

    public Set<String> keys() {
        return values.keySet();
    }

    public boolean has(String key) {
        return values.containsKey(key);
    }

    public int count(String key) {
        List<Double> v = values.get(key);
        return v == null ? 0 : v.size();
    }

    public double mean(String key) {
        List<Double> v = values.get(key);
        return v == null ? Double.NaN : Stats.mean(v);
    }

    public double sum(String key) {
        List<Double> v = values.get(key);
        double s = 0;
        if (v != null) {
            for (double x : v) {
                s += x;
            }
        }
        return s;
    }

    /** key → mean, in first-seen order. */
    public Map<String, Double> means() {
        Map<String, Double> out = new LinkedHashMap<>();
        values.forEach((k, v) -> out.put(k, Stats.mean(v)));
        return out;
    }
}
