package dev.arbiter.models.onnx;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

import java.io.IOException;
import java.util.Set;

/** Opens an ONNX model that reads token sequences (a reward or progress model exported by Optimum). */
final class TokenModelSessions {
    static final Set<String> KNOWN_INPUTS = Set.of("input_ids", "attention_mask", "position_ids", "token_type_ids");

    private TokenModelSessions() {
    }

    /**
     * A session with {@code intraOpThreads} threads, sequential, fully optimised, and without memory-pattern planning
     * (every length bucket is a new shape: re-planning costs more than it saves). Refused, and closed, when the model
     * takes an input other than {@link #KNOWN_INPUTS} (e.g. past key values) or has no {@code input_ids}.
     */
    static OrtSession open(HfModelDir dir, int intraOpThreads) throws OrtException, IOException {
        OrtSession.SessionOptions so = new OrtSession.SessionOptions();
        so.setIntraOpNumThreads(Math.max(1, intraOpThreads));
        so.setInterOpNumThreads(1);
        so.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
        so.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
        so.setMemoryPatternOptimization(false);
        OrtSession session = OrtEnvironment.getEnvironment().createSession(dir.model().toString(), so);
        for (String n : session.getInputNames()) {
            if (!KNOWN_INPUTS.contains(n)) {
                session.close();
                throw new IOException(dir.model() + " takes an input '" + n + "' this scorer does not know (known: "
                        + "input_ids, attention_mask, position_ids, token_type_ids); export without past key values "
                        + "(--task text-classification)");
            }
        }
        if (!session.getInputNames().contains("input_ids")) {
            session.close();
            throw new IOException(dir.model() + " has no input_ids input");
        }
        return session;
    }
}
