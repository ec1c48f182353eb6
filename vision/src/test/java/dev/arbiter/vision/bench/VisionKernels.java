package dev.arbiter.vision.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arbiter.core.Deadline;
import dev.arbiter.core.Reward;
import dev.arbiter.core.RewardResult;
import dev.arbiter.core.Sample;
import dev.arbiter.core.spec.RewardRegistry;
import dev.arbiter.core.spec.RewardSpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Per-call cost of the box kernels through the public reward API (parse + score): IoU, COCO mAP on a 10-object
 * image with 12 detections, and Vision-R1's Hungarian-matched precision on the same image.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class VisionKernels {
    private Reward iou;
    private Reward map;
    private Reward visionR1;
    private Sample iouSample;
    private Sample mapSample;
    private Sample vr1Sample;

    @Setup
    public void setup() throws Exception {
        RewardRegistry reg = RewardRegistry.fromServiceLoader();
        iou = RewardSpec.resolve("iou", reg).reward();
        map = RewardSpec.resolve("od_map", reg).reward();
        visionR1 = RewardSpec.resolve("vision_r1_precision", reg).reward();
        ObjectMapper m = new ObjectMapper();
        iouSample = new Sample("", "", null, "<think>the dog</think><answer>{\"bbox_2d\": [120, 64, 388, 301]}</answer>",
                m.readTree("[118, 70, 380, 310]"), "", (ObjectNode) m.readTree("{\"image_size\": [640, 480], \"input_size\": [644, 476]}"));
        Random r = new Random(42);
        StringBuilder gt = new StringBuilder("[");
        StringBuilder pred = new StringBuilder("[");
        StringBuilder vr1Gt = new StringBuilder("[");
        String[] labels = {"cat", "dog", "car"};
        for (int i = 0; i < 10; i++) {
            int x = r.nextInt(500);
            int y = r.nextInt(350);
            int w = 20 + r.nextInt(120);
            int h = 20 + r.nextInt(120);
            String label = labels[i % 3];
            gt.append(i == 0 ? "" : ",").append(String.format("{\"bbox_2d\": [%d, %d, %d, %d], \"label\": \"%s\"}", x, y, x + w, y + h, label));
            vr1Gt.append(i == 0 ? "" : ",").append(String.format("[\"%s\", [%d, %d, %d, %d]]", label, x, y, x + w, y + h));
            int d = r.nextInt(9) - 4;
            pred.append(i == 0 ? "" : ",").append(String.format("{\"bbox_2d\": [%d, %d, %d, %d], \"label\": \"%s\"}", x + d, y - d, x + w + d, y + h, label));
        }
        pred.append(",{\"bbox_2d\": [1, 1, 50, 50], \"label\": \"cat\"},{\"bbox_2d\": [300, 300, 340, 360], \"label\": \"dog\"}]");
        gt.append("]");
        vr1Gt.append("]");
        mapSample = Sample.of("<think>objects</think><answer>```json\n" + pred + "\n```</answer>",
                "<answer>```json\n" + gt + "\n```</answer>");
        vr1Sample = Sample.of(pred.toString(), m.readTree(vr1Gt.toString()));
        for (Reward rw : new Reward[] {iou, map, visionR1}) {
            RewardResult res = rw.score(rw == iou ? iouSample : rw == map ? mapSample : vr1Sample, Deadline.none());
            if (!res.isOk()) {
                throw new IllegalStateException(rw.signature() + " " + res);
            }
        }
    }

    @Benchmark
    public RewardResult iouPerCall() {
        return iou.score(iouSample, Deadline.none());
    }

    @Benchmark
    public RewardResult cocoMapPerCall() {
        return map.score(mapSample, Deadline.none());
    }

    @Benchmark
    public RewardResult visionR1PrecisionPerCall() {
        return visionR1.score(vr1Sample, Deadline.none());
    }
}
