package dev.arbiter.models.judge;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arbiter.core.InvalidInputException;
import dev.arbiter.core.References;
import dev.arbiter.core.Sample;
import dev.arbiter.core.spec.Param;
import dev.arbiter.core.spec.ParamKind;

/** Where a pairwise judge finds the response to compare against: the reference, or a meta field. */
final class Baselines {
    private Baselines() {
    }

    static Param param() {
        return Param.optional("baseline", ParamKind.STRING, "reference",
                "the other response: 'reference' (the first reference answer) or 'meta.FIELD'");
    }

    static String of(Sample s, String where) {
        if (where.equals("reference")) {
            return References.answers(s.reference()).get(0);
        }
        String field = where.startsWith("meta.") ? where.substring(5) : where;
        JsonNode n = s.meta().get(field);
        if (n == null || !n.isTextual()) {
            throw new InvalidInputException("the sample has no baseline response in meta." + field);
        }
        return n.asText();
    }

    static boolean needsReference(String where) {
        return where.equals("reference");
    }
}
