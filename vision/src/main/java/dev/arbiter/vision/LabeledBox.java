package dev.arbiter.vision;

/**
 * A box with an optional class label, as detection answers carry them ({@code {"bbox_2d": [...], "label": "cat"}}).
 *
 * @param label the label as written, or {@code null} when the source gave none
 * @param box   the box
 */
public record LabeledBox(String label, Box box) {
}
