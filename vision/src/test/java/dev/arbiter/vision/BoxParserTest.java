package dev.arbiter.vision;

import dev.arbiter.core.Deadline;
import dev.arbiter.core.InvalidInputException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.arbiter.vision.VisionSamples.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BoxParserTest {
    private static final Deadline D = Deadline.none();

    @Test
    void jsonListsOfObjectsBoxesAndFences() {
        List<LabeledBox> b = BoxParser.parse("```json\n[{\"bbox_2d\": [1, 2, 3, 4], \"label\": \"cat\"}, {\"bbox\": [5, 6, 7.5, 8]}]\n```", D);
        assertEquals(List.of(new LabeledBox("cat", new Box(1, 2, 3, 4)), new LabeledBox(null, new Box(5, 6, 7.5, 8))), b);
        assertEquals(List.of(new LabeledBox(null, new Box(1, 2, 3, 4)), new LabeledBox(null, new Box(5, 6, 7, 8))),
                BoxParser.parse("the boxes are [[1,2,3,4],[5,6,7,8]] in pixels", D));
        assertEquals(List.of(new LabeledBox("dog", new Box(0, 0, 1, 1))),
                BoxParser.parse("{\"box\": [0,0,1,1], \"category\": \"dog\"}", D));
    }

    @Test
    void bracketedQuadruples() {
        assertEquals(List.of(new LabeledBox(null, new Box(10, 20, 30.5, -4))), BoxParser.parse("box: [10, 20, 30.5, -4].", D));
        assertEquals(List.of(new Box(1, 2, 3, 4), new Box(5, 6, 7, 8)), BoxParser.bracketed("[1,2,3,4] and [5, 6, 7, 8]", D));
        assertTrue(BoxParser.parse("[1, 2, 3]", D).isEmpty(), "three numbers are no box");
    }

    @Test
    void qwenTags() {
        assertEquals(List.of(new LabeledBox("the cat", new Box(100, 200, 300, 400))),
                BoxParser.parse("<|object_ref_start|>the cat<|object_ref_end|><|box_start|>(100,200),(300,400)<|box_end|>", D));
        assertEquals(List.of(new LabeledBox("car", new Box(1, 2, 3, 4)), new LabeledBox(null, new Box(5, 6, 7, 8))),
                BoxParser.parse("<ref>car</ref><box>(1,2),(3,4)</box> and <box>[5, 6, 7, 8]</box>", D));
        assertTrue(BoxParser.tagged("<box>(1,2),(3)</box>", D).isEmpty(), "a tag without four numbers is skipped");
    }

    @Test
    void vlmr1IntegerBoxIsStrict() {
        assertEquals(new Box(1, 2, 3, 4), BoxParser.firstIntegerBox("x [1, 2,3,4] [5,6,7,8]", D).orElseThrow());
        assertTrue(BoxParser.firstIntegerBox("[1.5, 2, 3, 4]", D).isEmpty());
        assertTrue(BoxParser.firstIntegerBox("[-1, 2, 3, 4]", D).isEmpty());
    }

    @Test
    void malformedInputNeverThrows() {
        for (String bad : List.of("", "[", "[[[[", "{\"bbox_2d\": [1, 2, \"x\", 4]}", "[NaN, 1, 2, 3]", "<box>", "```json\n[1,2,\n```",
                "[1e999, 0, 1, 1]", "{".repeat(10_000))) {
            List<LabeledBox> b = BoxParser.parse(bad, D);
            assertTrue(b.stream().allMatch(x -> x.box().isFinite()), bad);
        }
    }

    @Test
    void coordinateFramesUseTheImageSizeFromMeta() {
        ImageGeometry g = ImageGeometry.from((com.fasterxml.jackson.databind.node.ObjectNode) json(
                "{\"image_size\": [1000, 500], \"input_size\": {\"width\": 500, \"height\": 250}}"));
        Box b = new Box(100, 50, 200, 100);
        assertEquals(new Box(200, 100, 400, 200), CoordinateFrame.INPUT.toPixels(b, g));
        assertEquals(b, CoordinateFrame.PIXEL.toPixels(b, g));
        assertEquals(new Box(100, 25, 200, 50), CoordinateFrame.PER_MILLE.toPixels(b, g));
        assertEquals(new Box(500, 250, 1000, 500), CoordinateFrame.UNIT.toPixels(new Box(0.5, 0.5, 1, 1), g));
        ImageGeometry qwen = ImageGeometry.from((com.fasterxml.jackson.databind.node.ObjectNode) json(
                "{\"image_width\": 560, \"image_height\": 280, \"image_grid_thw\": [1, 10, 20]}"));
        assertEquals(280.0, qwen.inputWidth());
        assertEquals(140.0, qwen.inputHeight());
        assertEquals(new Box(20, 20, 40, 40), CoordinateFrame.INPUT.toPixels(new Box(10, 10, 20, 20), qwen));
        assertEquals(b, CoordinateFrame.INPUT.toPixels(b, ImageGeometry.UNKNOWN), "no input size: unchanged");
        assertThrows(InvalidInputException.class, () -> CoordinateFrame.UNIT.toPixels(b, ImageGeometry.UNKNOWN));
        assertThrows(InvalidInputException.class, () -> ImageGeometry.from(
                (com.fasterxml.jackson.databind.node.ObjectNode) json("{\"image_size\": [0, 10]}")));
    }

    @Test
    void overlapMeasures() {
        Box a = new Box(0, 0, 10, 10);
        assertEquals(25.0 / 175, a.iou(new Box(5, 5, 15, 15)), 1e-15);
        assertEquals(0.0, a.legacyIou(new Box(9, 9, 20, 20)));
        assertEquals(1.0 / 220, a.iou(new Box(9, 9, 20, 20)), 1e-15);
        assertEquals(0.0, new Box(0, 0, 0, 0).legacyIou(new Box(0, 0, 0, 0)), "zero union gives 0, no exception");
        assertEquals(0.0, new Box(0, 0, 0, 0).iou(new Box(0, 0, 0, 0)));
        assertEquals(-1.0 / 3, new Box(0, 0, 50, 50).giou(new Box(100, 0, 150, 50)), 1e-15);
        assertNull(BoxParser.label(json("{\"label\": null}")));
    }
}
