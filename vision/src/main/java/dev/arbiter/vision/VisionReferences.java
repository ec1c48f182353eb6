package dev.arbiter.vision;

import dev.arbiter.core.json.PyJson;
import com.fasterxml.jackson.databind.JsonNode;
import dev.arbiter.core.Deadline;
import dev.arbiter.core.InvalidInputException;
import dev.arbiter.core.Sample;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reading ground-truth boxes from a sample's reference, whatever shape the dataset gave them. A reference that
 * holds no usable box is {@link InvalidInputException}: a sample without ground truth cannot be scored.
 */
final class VisionReferences {
    private VisionReferences() {
    }

    /**
     * One ground-truth box, in image pixels: a JSON list {@code [x1, y1, x2, y2]}; an object with
     * {@code bbox_2d}/{@code bbox}/{@code box}; or text — the last {@code <answer>…</answer>} if there is one (VLM-R1's
     * REC solutions), JSON-parsed, else any box {@link BoxParser} finds in it.
     */
    static Box singleBox(Sample s, Deadline deadline) {
        JsonNode ref = s.reference();
        if (ref == null) {
            throw new InvalidInputException("the sample has no reference box");
        }
        Optional<Box> b = Optional.empty();
        if (ref.isArray() || ref.isObject()) {
            List<LabeledBox> found = BoxParser.fromJson(ref);
            if (!found.isEmpty()) {
                b = Optional.of(found.get(0).box());
            }
        } else if (ref.isTextual()) {
            String text = ref.asText();
            Optional<String> answer = Tags.last(Tags.ANSWER, text, deadline);
            String body = answer.map(Tags::pyStrip).orElse(text);
            Optional<JsonNode> json = PyJson.loads(body);
            if (json.isPresent()) {
                List<LabeledBox> found = BoxParser.fromJson(json.get());
                if (!found.isEmpty()) {
                    b = Optional.of(found.get(0).box());
                }
            }
            if (b.isEmpty()) {
                List<LabeledBox> found = BoxParser.parse(body, deadline);
                if (!found.isEmpty()) {
                    b = Optional.of(found.get(0).box());
                }
            }
        }
        return b.orElseThrow(() -> new InvalidInputException("the reference holds no box [x1, y1, x2, y2]: "
                + SampleInputs.abbreviate(ref)));
    }

    /**
     * A ground-truth box list with labels: a JSON list of {@code {"bbox_2d": […], "label": …}} objects, of
     * Vision-R1's {@code [label, [x1, y1, x2, y2]]} pairs, or of bare boxes (label null); an object holding such a list
     * under {@code boxes}, {@code objects} or {@code annotations}; or text parsed by {@link BoxParser}. An empty list
     * is allowed (an image with no instance). Items that are not boxes make the reference invalid.
     */
    static List<LabeledBox> boxList(Sample s, Deadline deadline) {
        JsonNode ref = s.reference();
        if (ref == null) {
            throw new InvalidInputException("the sample has no reference boxes");
        }
        if (ref.isObject()) {
            for (String k : new String[] {"boxes", "objects", "annotations", "ground_truth"}) {
                if (ref.has(k) && ref.get(k).isArray()) {
                    return listOf(ref.get(k));
                }
            }
            Optional<LabeledBox> one = BoxParser.item(ref);
            if (one.isPresent()) {
                return List.of(one.get());
            }
            throw new InvalidInputException("the reference object holds no box list (boxes, objects, annotations): "
                    + SampleInputs.abbreviate(ref));
        }
        if (ref.isArray()) {
            if (BoxParser.box(ref).isPresent()) {
                return List.of(new LabeledBox(null, BoxParser.box(ref).get()));
            }
            return listOf(ref);
        }
        if (ref.isTextual()) {
            Optional<JsonNode> json = PyJson.loads(ref.asText());
            if (json.isPresent() && json.get().isArray()) {
                return listOf(json.get());
            }
            return BoxParser.parse(ref.asText(), deadline);
        }
        throw new InvalidInputException("the reference must be a box list, got " + SampleInputs.abbreviate(ref));
    }

    static List<LabeledBox> listOf(JsonNode arr) {
        List<LabeledBox> out = new ArrayList<>();
        for (JsonNode item : arr) {
            out.add(labeled(item).orElseThrow(() -> new InvalidInputException(
                    "a reference item is not a box (expected {bbox_2d, label}, [label, box] or [x1, y1, x2, y2]): "
                            + SampleInputs.abbreviate(item))));
        }
        return out;
    }

    static Optional<LabeledBox> labeled(JsonNode item) {
        Optional<Box> bare = BoxParser.box(item);
        if (bare.isPresent()) {
            return Optional.of(new LabeledBox(null, bare.get()));
        }
        if (item.isObject()) {
            return BoxParser.item(item);
        }
        if (item.isArray() && item.size() == 2 && item.get(0).isValueNode() && !item.get(0).isNull()) {
            return BoxParser.box(item.get(1)).map(b -> new LabeledBox(item.get(0).asText(), b));
        }
        return Optional.empty();
    }
}
