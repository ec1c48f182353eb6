package dev.arbiter.vision;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arbiter.core.InvalidInputException;

import java.util.Optional;

/**
 * The sizes a box's coordinates may refer to, read from a sample's {@code meta}:
 * <ul>
 *   <li>the original image: {@code image_size: [W, H]} or {@code {width, height}}, or {@code image_width} and
 *       {@code image_height};</li>
 *   <li>the model-input image (after the processor resized it): {@code input_size: [w, h]}, or {@code input_width}
 *       and {@code input_height}, or Qwen2-VL's {@code image_grid_thw: [t, h, w]} (input = grid × 14, as VLM-R1
 *       computes it).</li>
 * </ul>
 * Sizes must be finite and positive; anything else is {@link InvalidInputException}.
 *
 * @param imageWidth  original width in pixels, or NaN when unknown
 * @param imageHeight original height in pixels, or NaN when unknown
 * @param inputWidth  model-input width, or NaN when unknown
 * @param inputHeight model-input height, or NaN when unknown
 */
public record ImageGeometry(double imageWidth, double imageHeight, double inputWidth, double inputHeight) {

    public static final ImageGeometry UNKNOWN = new ImageGeometry(Double.NaN, Double.NaN, Double.NaN, Double.NaN);

    public boolean hasImageSize() {
        return !Double.isNaN(imageWidth);
    }

    public boolean hasInputSize() {
        return !Double.isNaN(inputWidth);
    }

    public static ImageGeometry from(ObjectNode meta) {
        double[] image = pair(meta, "image_size", "image_width", "image_height").orElse(null);
        double[] input = pair(meta, "input_size", "input_width", "input_height").orElse(null);
        if (input == null && meta.has("image_grid_thw") && !meta.get("image_grid_thw").isNull()) {
            JsonNode g = meta.get("image_grid_thw");
            if (!g.isArray() || g.size() != 3) {
                throw new InvalidInputException("meta.image_grid_thw must be [t, h, w], got " + SampleInputs.abbreviate(g));
            }
            double h = SampleInputs.finite(g.get(1), "meta.image_grid_thw[1]");
            double w = SampleInputs.finite(g.get(2), "meta.image_grid_thw[2]");
            input = new double[] {Math.floor(w * 14), Math.floor(h * 14)};
            positive(input, "meta.image_grid_thw");
        }
        return new ImageGeometry(image == null ? Double.NaN : image[0], image == null ? Double.NaN : image[1],
                input == null ? Double.NaN : input[0], input == null ? Double.NaN : input[1]);
    }

    private static Optional<double[]> pair(ObjectNode meta, String listKey, String wKey, String hKey) {
        JsonNode n = meta.get(listKey);
        double[] out = null;
        if (n != null && !n.isNull()) {
            if (n.isArray() && n.size() == 2) {
                out = new double[] {SampleInputs.finite(n.get(0), "meta." + listKey + "[0]"),
                        SampleInputs.finite(n.get(1), "meta." + listKey + "[1]")};
            } else if (n.isObject() && n.has("width") && n.has("height")) {
                out = new double[] {SampleInputs.finite(n.get("width"), "meta." + listKey + ".width"),
                        SampleInputs.finite(n.get("height"), "meta." + listKey + ".height")};
            } else {
                throw new InvalidInputException("meta." + listKey + " must be [width, height] or {width, height}, got "
                        + SampleInputs.abbreviate(n));
            }
            positive(out, "meta." + listKey);
        } else if (meta.has(wKey) || meta.has(hKey)) {
            if (!meta.has(wKey) || !meta.has(hKey)) {
                throw new InvalidInputException("meta needs both " + wKey + " and " + hKey);
            }
            out = new double[] {SampleInputs.finite(meta.get(wKey), "meta." + wKey),
                    SampleInputs.finite(meta.get(hKey), "meta." + hKey)};
            positive(out, "meta." + wKey + "/" + hKey);
        }
        return Optional.ofNullable(out);
    }

    private static void positive(double[] wh, String where) {
        if (!(wh[0] > 0) || !(wh[1] > 0)) {
            throw new InvalidInputException(where + " must be positive, got " + wh[0] + " × " + wh[1]);
        }
    }
}
