package dev.arbiter.models;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.arbiter.core.Deadline;
import dev.arbiter.core.Reward;
import dev.arbiter.core.RewardResult;
import dev.arbiter.core.Sample;
import dev.arbiter.core.Scoring;
import dev.arbiter.core.Status;
import dev.arbiter.core.spec.RewardRegistry;
import dev.arbiter.core.spec.RewardSpec;
import dev.arbiter.core.spec.SpecException;
import dev.arbiter.testkit.RewardContractTest;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code rpo_similarity}: the A and B terms of λ-Harmonic (catalog B7) over the tiny CLIP-like encoders. */
class RpoSimilarityTest {
    static final RewardRegistry REWARDS = RewardRegistry.fromServiceLoader();

    static Reward build(String spec) {
        return RewardSpec.resolve(spec, REWARDS).reward();
    }

    static RewardResult score(Reward r, Sample s) {
        return Scoring.guarded(r, s, Deadline.none());
    }

    static String spec(String term) {
        return "{type: rpo_similarity, model_dir: '" + Fixtures.CLIP + "', term: " + term + "}";
    }

    /** A generated (red) image for the prompt, with the given reference images. */
    static Sample generated(String prompt, String... refs) {
        ArrayNode a = ScriptedServer.JSON.createArrayNode();
        for (String r : refs) {
            a.add(r);
        }
        Sample s = Fixtures.withMeta(Fixtures.sample(prompt, "<image>", null), "image",
                ScriptedServer.JSON.getNodeFactory().textNode(Images.PNG_RED));
        return Fixtures.withMeta(s, "reference_images", a);
    }

    @Test
    void subjectTermIsTheMeanCosineToTheReferences() {
        Reward r = build(spec("subject"));
        RewardResult same = score(r, generated("a red cat", Images.PNG_RED));
        assertEquals(Status.OK, same.status());
        assertEquals(1.0, same.score(), 1e-6, "an image is its own subject");
        double redBlue = score(r, generated("a red cat", Images.PNG_BLUE)).score();
        assertTrue(redBlue < 1 - 1e-6, "different images differ: " + redBlue);
        assertEquals((1 + redBlue) / 2, score(r, generated("a red cat", Images.PNG_RED, Images.PNG_BLUE)).score(), 1e-6);
        assertEquals(same.score(), same.components().get("subject"), 0);
    }

    @Test
    void textTermIsTheTextImageCosineAsClipScoreComputesIt() {
        Reward clip = build("{type: clip_score, model_dir: '" + Fixtures.CLIP + "'}");
        Reward fromResponse = build("{type: rpo_similarity, model_dir: '" + Fixtures.CLIP + "', term: text, text_from: response}");
        Reward fromPrompt = build(spec("text"));
        for (String caption : List.of("a red cat", "a blue dog", "red")) {
            Sample s = ContractTests.imageSample(caption);
            double cos = ((Number) score(clip, s).details().get("cosine")).doubleValue();
            assertEquals(cos, score(fromResponse, s).score(), 1e-12, caption);
            Sample asPrompt = generated(caption, Images.PNG_RED);
            assertEquals(cos, score(fromPrompt, asPrompt).score(), 1e-12, "the prompt as the text: " + caption);
            assertEquals(cos, score(fromPrompt, asPrompt).components().get("text"), 1e-12);
        }
    }

    @Test
    void missingInputsAreInvalidInput() {
        Reward subject = build("{type: rpo_similarity, model_dir: '" + Fixtures.CLIP + "', term: subject, max_references: 2}");
        assertEquals(Status.INVALID_INPUT, score(subject, generated("a red cat")).status(), "no references");
        assertEquals(Status.INVALID_INPUT, score(subject, generated("a", Images.PNG_RED, Images.PNG_RED, Images.PNG_RED)).status());
        assertEquals(Status.INVALID_INPUT, score(subject, Fixtures.sample("a red cat", "x", null)).status(), "no generated image");
        Sample numbers = Fixtures.withMeta(generated("a red cat"), "reference_images", ScriptedServer.JSON.createArrayNode().add(1));
        assertEquals(Status.INVALID_INPUT, score(subject, numbers).status());
        assertThrows(SpecException.class, () -> build("{type: rpo_similarity, model_dir: '" + Fixtures.CLIP + "'}"), "term is required");
        assertThrows(SpecException.class, () -> build(spec("both")));
    }

    @Nested
    class SubjectContract extends RewardContractTest {
        @Override protected String spec() { return RpoSimilarityTest.spec("subject"); }
        @Override protected String otherSpec() { return RpoSimilarityTest.spec("text"); }
        @Override protected String expectedSignature() {
            return "rpo_similarity@1(model_dir=" + Fixtures.CLIP + ",term=subject,text_from=prompt,references_field=reference_images,max_references=64)";
        }
        @Override protected boolean requiresReference() { return false; }
        @Override protected double minScore() { return -1; }
        @Override protected List<Sample> samples() {
            return List.of(generated("a red cat", Images.PNG_RED), generated("a blue dog", Images.PNG_BLUE, Images.PNG_RED));
        }
    }

    @Nested
    class TextContract extends RewardContractTest {
        @Override protected String spec() { return RpoSimilarityTest.spec("text"); }
        @Override protected String otherSpec() { return RpoSimilarityTest.spec("subject"); }
        @Override protected String expectedSignature() {
            return "rpo_similarity@1(model_dir=" + Fixtures.CLIP + ",term=text,text_from=prompt,references_field=reference_images,max_references=64)";
        }
        @Override protected boolean requiresReference() { return false; }
        @Override protected double minScore() { return -1; }
        @Override protected List<Sample> samples() {
            return List.of(generated("a red cat", Images.PNG_RED), generated("a blue dog", Images.PNG_BLUE));
        }
    }
}
