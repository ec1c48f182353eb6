package dev.arbiter.vision;

import dev.arbiter.core.InvalidInputException;

import java.util.List;

/**
 * What a predicted box's numbers are measured in, and how they become original-image pixels (the frame of the
 * reference boxes).
 */
public enum CoordinateFrame {
    /** Already original-image pixels. */
    PIXEL("pixel"),
    /**
     * Model-input pixels (Qwen2-VL, Vision-R1): {@code x / inputW × W}, {@code y / inputH × H}. When the sample gives
     * no input size, or it equals the image size, the box is unchanged.
     */
    INPUT("input"),
    /** Normalized to [0, 1]: {@code x × W}, {@code y × H}; needs the image size. */
    UNIT("unit"),
    /** Normalized to [0, 1000] (Qwen-VL, Florence-2 style): {@code x / 1000 × W}; needs the image size. */
    PER_MILLE("per_mille");

    private final String specName;

    CoordinateFrame(String specName) {
        this.specName = specName;
    }

    public String specName() {
        return specName;
    }

    public static List<String> specNames() {
        return java.util.Arrays.stream(values()).map(CoordinateFrame::specName).toList();
    }

    public static CoordinateFrame of(String specName) {
        for (CoordinateFrame f : values()) {
            if (f.specName.equals(specName)) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown coordinate frame '" + specName + "'");
    }

    /** The box in original-image pixels. */
    public Box toPixels(Box b, ImageGeometry g) {
        switch (this) {
            case PIXEL:
                return b;
            case INPUT:
                if (!g.hasInputSize() || !g.hasImageSize()) {
                    return b;
                }
                return new Box(b.x1() / g.inputWidth() * g.imageWidth(), b.y1() / g.inputHeight() * g.imageHeight(),
                        b.x2() / g.inputWidth() * g.imageWidth(), b.y2() / g.inputHeight() * g.imageHeight());
            case UNIT:
                requireImage(g);
                return new Box(b.x1() * g.imageWidth(), b.y1() * g.imageHeight(), b.x2() * g.imageWidth(),
                        b.y2() * g.imageHeight());
            case PER_MILLE:
                requireImage(g);
                return new Box(b.x1() / 1000 * g.imageWidth(), b.y1() / 1000 * g.imageHeight(),
                        b.x2() / 1000 * g.imageWidth(), b.y2() / 1000 * g.imageHeight());
            default:
                throw new IllegalStateException();
        }
    }

    private void requireImage(ImageGeometry g) {
        if (!g.hasImageSize()) {
            throw new InvalidInputException("coordinates in frame '" + specName + "' need the image size "
                    + "(meta.image_size or meta.image_width/image_height)");
        }
    }
}
