package dev.arbiter.models.onnx;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.arbiter.core.spec.SharedResources;

/**
 * Loaded ONNX models, shared by every reward that names the same directory with the same options, so resolving a
 * spec twice (the contract tests, a server that re-reads its spec) does not load a model twice. Keyed by the
 * directory's real path, the model file's modification time and the options. One instance lives in the
 * {@link SharedResources} of a {@code RewardRegistry} (see {@link #of}); models stay loaded until the registry
 * is closed.
 */
public final class OnnxModels implements AutoCloseable {
    private final Map<Object, AutoCloseable> loaded = new ConcurrentHashMap<>();

    private OnnxModels() {
    }

    /** The model cache of the registry that owns {@code resources}. */
    public static OnnxModels of(SharedResources resources) {
        return resources.computeIfAbsent(OnnxModels.class, OnnxModels.class, OnnxModels::new);
    }

    private record Key(Class<?> kind, Path dir, long modified, Object options) {
    }

    public OnnxRewardModel rewardModel(Path dir, OnnxRewardModel.Options options) throws IOException {
        return (OnnxRewardModel) load(OnnxRewardModel.class, dir, options.modelFile(), options,
                () -> OnnxRewardModel.load(dir, options));
    }

    public OnnxProgressModel progressModel(Path dir, OnnxProgressModel.Options options) throws IOException {
        return (OnnxProgressModel) load(OnnxProgressModel.class, dir, options.modelFile(), options,
                () -> OnnxProgressModel.load(dir, options));
    }

    public OnnxEmbedder embedder(Path dir, OnnxEmbedder.Options options) throws IOException {
        return (OnnxEmbedder) load(OnnxEmbedder.class, dir, "tokenizer.json", options, () -> OnnxEmbedder.load(dir, options));
    }

    public OnnxCausalLm causalLm(Path dir, OnnxCausalLm.Options options) throws IOException {
        return (OnnxCausalLm) load(OnnxCausalLm.class, dir, options.modelFile(), options, () -> OnnxCausalLm.load(dir, options));
    }

    private interface Loader {
        AutoCloseable load() throws IOException;
    }

    private AutoCloseable load(Class<?> kind, Path dir, String file, Object options, Loader loader) throws IOException {
        Path real;
        long modified;
        if (!java.nio.file.Files.isDirectory(dir)) {
            throw new IOException("model directory " + dir + " does not exist");
        }
        try {
            real = dir.toRealPath();
            modified = Files.getLastModifiedTime(real.resolve(file)).toMillis();
        } catch (IOException e) {
            throw new IOException("cannot read model " + dir.resolve(file) + ": " + e.getMessage(), e);
        }
        try {
            return loaded.computeIfAbsent(new Key(kind, real, modified, options), k -> {
                try {
                    return loader.load();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** Closes and forgets every loaded model. Rewards that still hold one must not be used afterwards. */
    @Override
    public void close() {
        List<AutoCloseable> all = new ArrayList<>(loaded.values());
        loaded.clear();
        for (AutoCloseable c : all) {
            try {
                c.close();
            } catch (Exception e) {
                // best effort at shutdown
            }
        }
    }
}
