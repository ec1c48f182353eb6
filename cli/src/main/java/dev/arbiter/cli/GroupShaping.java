package dev.arbiter.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arbiter.core.RewardResult;
import dev.arbiter.core.Sample;
import dev.arbiter.core.Status;
import dev.arbiter.core.group.GroupMember;
import dev.arbiter.core.group.GroupOutcome;
import dev.arbiter.core.group.GroupTransform;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Applies a spec's group transform to a scored JSONL file. Groups are the rows sharing a group key (verl's
 * {@code uid}, or {@code --group-field}); a row without one is a group of its own. Groups need not be contiguous:
 * the file is indexed (8 bytes of offset per row), each group is read back by offset in order of first appearance
 * (so stateful transforms see a reproducible order), and the shaped values are merged into a second pass.
 * Memory is O(rows) small numbers, never the rows themselves.
 *
 * <p>Each output row's result gains {@code shaped} (the transform's value, null when it gave none), {@code kept}
 * (false when a filter dropped the row) and {@code group_details}; {@code score} stays the raw per-sample score.
 */
final class GroupShaping {
    private final GroupTransform transform;
    private final JsonRowCodec codec;
    private final String resultField;
    private final long step;
    private double shapedSum;
    private long shapedCount;
    private long dropped;

    GroupShaping(GroupTransform transform, JsonRowCodec codec, String resultField, long step) {
        this.transform = transform;
        this.codec = codec;
        this.resultField = resultField;
        this.step = step;
    }

    /** Restores a stateful transform's state saved by an earlier run; false when the transform keeps no state. */
    boolean restoreState(Path file) throws IOException {
        if (!(transform instanceof GroupTransform.Stateful stateful)) {
            return false;
        }
        if (Files.exists(file)) {
            stateful.restoreState(JsonRowCodec.MAPPER.readTree(file.toFile()));
        }
        return true;
    }

    /** Saves a stateful transform's state for the next run. */
    void saveState(Path file) throws IOException {
        if (transform instanceof GroupTransform.Stateful stateful) {
            Files.writeString(file, JsonRowCodec.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(stateful.saveState()) + "\n");
        }
    }

    double meanShaped() {
        return shapedCount == 0 ? Double.NaN : shapedSum / shapedCount;
    }

    long dropped() {
        return dropped;
    }

    void apply(Path scored, Path out) throws IOException {
        List<Long> offsets = new ArrayList<>();
        Map<String, List<Integer>> groups = new LinkedHashMap<>();
        try (RandomAccessFile raf = new RandomAccessFile(scored.toFile(), "r")) {
            long pos = 0;
            String line;
            int index = 0;
            while ((line = readLine(raf)) != null) {
                offsets.add(pos);
                pos = raf.getFilePointer();
                ObjectNode row = (ObjectNode) JsonRowCodec.MAPPER.readTree(line);
                Sample s = sampleOf(row, index);
                String key = s.group().isEmpty() ? "\u0000row" + index : s.group();
                groups.computeIfAbsent(key, k -> new ArrayList<>()).add(index);
                index++;
            }
            double[] values = new double[index];
            boolean[] kept = new boolean[index];
            String[] details = new String[index];
            for (List<Integer> members : groups.values()) {
                List<GroupMember> group = new ArrayList<>(members.size());
                for (int i : members) {
                    raf.seek(offsets.get(i));
                    ObjectNode row = (ObjectNode) JsonRowCodec.MAPPER.readTree(readLine(raf));
                    group.add(new GroupMember(sampleOf(row, i), resultOf(row.get(resultField))));
                }
                GroupOutcome outcome = transform.apply(group, step);
                if (outcome.size() != members.size()) {
                    throw new IllegalStateException(transform.signature().type() + " returned " + outcome.size()
                            + " values for a group of " + members.size());
                }
                String d = JsonRowCodec.MAPPER.writeValueAsString(outcome.details());
                for (int j = 0; j < members.size(); j++) {
                    int i = members.get(j);
                    values[i] = outcome.values()[j];
                    kept[i] = outcome.kept()[j];
                    details[i] = d;
                }
            }
            writeShaped(scored, out, values, kept, details);
        }
    }

    private void writeShaped(Path scored, Path out, double[] values, boolean[] kept, String[] details) throws IOException {
        try (BufferedReader r = Files.newBufferedReader(scored, StandardCharsets.UTF_8);
             BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            String line;
            int i = 0;
            while ((line = r.readLine()) != null) {
                ObjectNode row = (ObjectNode) JsonRowCodec.MAPPER.readTree(line);
                ObjectNode res = (ObjectNode) row.get(resultField);
                double v = values[i];
                if (Double.isFinite(v)) {
                    res.put("shaped", v);
                    shapedSum += v;
                    shapedCount++;
                } else {
                    res.putNull("shaped");
                }
                res.put("kept", kept[i]);
                if (!kept[i]) {
                    dropped++;
                }
                res.set("group_details", JsonRowCodec.MAPPER.readTree(details[i]));
                w.write(JsonRowCodec.MAPPER.writeValueAsString(row));
                w.write('\n');
                i++;
            }
        }
    }

    private Sample sampleOf(ObjectNode row, int index) {
        var prepared = codec.toSample(index + 1, row, "");
        return prepared.sample() != null ? prepared.sample() : new Sample(Integer.toString(index + 1), "", null, null, null, "", null);
    }

    static RewardResult resultOf(JsonNode r) {
        Status status = Status.fromWireName(r.path("status").asText("error"));
        Map<String, Double> comps = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = r.path("components").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            comps.put(e.getKey(), e.getValue().asDouble());
        }
        Map<String, Object> details = JsonRowCodec.MAPPER.convertValue(r.path("details"),
                JsonRowCodec.MAPPER.getTypeFactory().constructMapType(LinkedHashMap.class, String.class, Object.class));
        return new RewardResult(status.isOk() ? r.path("score").asDouble() : 0.0, status, r.path("reason").asText(""), details, comps);
    }

    /** Reads one UTF-8 line from the file's current position; null at the end. */
    private static String readLine(RandomAccessFile raf) throws IOException {
        java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream(256);
        boolean any = false;
        byte[] chunk = new byte[8192];
        while (true) {
            long start = raf.getFilePointer();
            int n = raf.read(chunk);
            if (n <= 0) {
                return any ? buf.toString(StandardCharsets.UTF_8) : null;
            }
            any = true;
            int nl = -1;
            for (int i = 0; i < n; i++) {
                if (chunk[i] == '\n') {
                    nl = i;
                    break;
                }
            }
            if (nl >= 0) {
                buf.write(chunk, 0, nl);
                raf.seek(start + nl + 1);
                return buf.toString(StandardCharsets.UTF_8);
            }
            buf.write(chunk, 0, n);
        }
    }
}
