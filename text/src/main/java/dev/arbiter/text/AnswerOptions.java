package dev.arbiter.text;

import dev.arbiter.core.Deadline;
import dev.arbiter.core.spec.Param;
import dev.arbiter.core.spec.ParamKind;
import dev.arbiter.core.spec.Params;

import java.util.List;
import java.util.Optional;

/**
 * The answer-locating and normalizing options shared by the reference-based text rewards.
 *
 * @param extraction    where the answer sits in the response
 * @param answerTag     the tag name for {@link AnswerExtraction#ANSWER_TAG}
 * @param normalization how answer and references are normalized before comparison
 */
record AnswerOptions(AnswerExtraction extraction, String answerTag, Normalization normalization) {

    static List<Param> parameters(String defaultNormalization) {
        return List.of(
                Param.choice("normalize", defaultNormalization, Normalization.specNames(),
                        "squad: lower case, no punctuation or articles, collapsed spaces; case_whitespace; whitespace; none"),
                Param.choice("extract", "none", AnswerExtraction.specNames(),
                        "where the answer is: the whole response, the last <answer> tag, the last \\boxed{}, the last line, after the last ####"),
                Param.optional("answer_tag", ParamKind.STRING, "answer", "tag name used by extract=answer_tag"));
    }

    static AnswerOptions from(Params p) {
        String tag = p.string("answer_tag");
        if (tag.isEmpty() || !tag.matches("[A-Za-z_][A-Za-z0-9_:.-]*")) {
            throw p.error("answer_tag", "a tag name must be a letter or '_' followed by letters, digits, '_', ':', '.', '-'");
        }
        return new AnswerOptions(AnswerExtraction.fromSpecName(p.string("extract")), tag,
                Normalization.fromSpecName(p.string("normalize")));
    }

    Optional<String> extract(String response, Deadline deadline) {
        return extraction.extract(response, answerTag, deadline);
    }
}
