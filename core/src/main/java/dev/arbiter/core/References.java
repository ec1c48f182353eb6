package dev.arbiter.core;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/** Reading textual answers out of a sample's reference, whatever shape the dataset gave it. */
public final class References {
    private References() {
    }

    /**
     * The acceptable answers in {@code reference}: a string or number is one answer; a list is several; an object
     * holding {@code target}, {@code answers}, {@code answer} or {@code ground_truth} (Search-R1, SQuAD and verl
     * layouts) is read through that key.
     *
     * @throws InvalidInputException when there is no reference, or it holds no textual answer
     */
    public static List<String> answers(JsonNode reference) {
        if (reference == null || reference.isNull() || reference.isMissingNode()) {
            throw new InvalidInputException("the sample has no reference answer");
        }
        List<String> out = new ArrayList<>();
        collect(reference, out, 0);
        if (out.isEmpty()) {
            throw new InvalidInputException("the reference holds no textual answer: " + abbreviate(reference.toString()));
        }
        return out;
    }

    private static void collect(JsonNode n, List<String> out, int depth) {
        if (depth > 8) {
            throw new InvalidInputException("the reference nests too deeply");
        }
        if (n.isTextual()) {
            out.add(n.asText());
        } else if (n.isNumber() || n.isBoolean()) {
            out.add(n.asText());
        } else if (n.isArray()) {
            for (JsonNode c : n) {
                collect(c, out, depth + 1);
            }
        } else if (n.isObject()) {
            for (String key : new String[] {"target", "answers", "answer", "ground_truth", "text"}) {
                if (n.has(key)) {
                    collect(n.get(key), out, depth + 1);
                    return;
                }
            }
            throw new InvalidInputException("the reference is an object without target, answers, answer, ground_truth "
                    + "or text: " + abbreviate(n.toString()));
        }
    }

    /** The response, or {@link InvalidInputException} when the sample has none. */
    public static String response(Sample sample) {
        if (sample.response() == null) {
            throw new InvalidInputException("the sample has no response");
        }
        return sample.response();
    }

    public static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }
}
