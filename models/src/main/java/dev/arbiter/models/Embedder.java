package dev.arbiter.models;

import dev.arbiter.core.Deadline;

import java.util.List;

/**
 * The port to a CLIP-style dual encoder: texts and images to vectors in one space. The production adapter runs ONNX
 * text and image encoders ({@link dev.arbiter.models.onnx.OnnxEmbedder}). Vectors are returned as the model gives them
 * (not normalised); rewards normalise where their design says so. Thread-safe.
 */
public interface Embedder {

    List<float[]> embedTexts(List<String> texts, Deadline deadline);

    /** Images as file paths, {@code data:} URIs or bare base64. */
    List<float[]> embedImages(List<String> images, Deadline deadline);
}
