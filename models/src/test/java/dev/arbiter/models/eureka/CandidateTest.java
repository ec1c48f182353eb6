package dev.arbiter.models.eureka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arbiter.core.Prompt;
import dev.arbiter.core.RewardResult;
import dev.arbiter.core.Sample;
import dev.arbiter.core.engine.Evaluator;
import dev.arbiter.core.spec.RewardRegistry;
import dev.arbiter.core.spec.RewardSpec;
import dev.arbiter.models.ScriptedServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Spec extraction and validation, the vocabulary, and the offline statistics. */
class CandidateTest {
    static RewardRegistry registry;
    static CandidateValidator validator;

    @BeforeAll
    static void load() {
        registry = RewardRegistry.fromServiceLoader();
        validator = new CandidateValidator(registry);
    }

    @AfterAll
    static void close() {
        registry.close();
    }

    static final String VALID = """
            type: weighted
            rewards:
              a: {type: meta_score, field: a}
              b: {type: meta_score, field: b}
            weights: {a: 0.5, b: 2}
            """;

    @Test
    void extractsTheFirstYamlBlockBeforeOtherFences() {
        String answer = "Some thoughts.\n```python\nprint(1)\n```\nThe spec:\n```yaml\ntype: constant\nvalue: 1\n```\n```yaml\ntype: x\n```";
        assertEquals("type: constant\nvalue: 1", CandidateValidator.extract(answer));
        assertEquals("{\"type\": \"constant\"}", CandidateValidator.extract("```json\n{\"type\": \"constant\"}\n```"));
        assertEquals("type: constant", CandidateValidator.extract("```\ntype: constant\n```"));
        assertEquals("type: constant", CandidateValidator.extract("  type: constant \n"));
        assertEquals("type: constant", CandidateValidator.extract("```YAML\r\ntype: constant\r\n```"));
    }

    @Test
    void aValidSpecBuildsAndHasASignature() {
        Candidate c = validator.validate(3, "Here:\n```yaml\n" + VALID + "```\n");
        assertTrue(c.valid(), c.error());
        assertNull(c.error());
        assertEquals(VALID.strip(), c.specText());
        assertTrue(c.signature().startsWith("weighted@1("), c.signature());
        assertEquals(12, c.signatureId().length());
        assertEquals("candidate-3.yaml", c.fileName());
        assertTrue(validator.validate(0, "```yaml\nconstant\n```").valid(), "a bare type name is a spec");
    }

    @Test
    void invalidYamlUnknownTypesAndParametersAreExecutionFailures() {
        Candidate yaml = validator.validate(0, "```yaml\ntype: weighted\nrewards: {a: [\n```");
        assertFalse(yaml.valid());
        assertTrue(yaml.error().contains("candidate-0.yaml") && yaml.error().contains("not valid YAML"), yaml.error());

        Candidate type = validator.validate(1, "```yaml\ntype: weighted\nrewards:\n  a: {type: accuracy_reward}\n```");
        assertFalse(type.valid());
        assertTrue(type.error().contains("unknown reward type 'accuracy_reward'") && type.error().contains("candidate-1.yaml:3"),
                type.error());

        Candidate param = validator.validate(2, "```yaml\ntype: constant\nscore: 1\n```");
        assertFalse(param.valid());
        assertTrue(param.error().contains("score"), param.error());

        Candidate list = validator.validate(3, "```yaml\n- a\n- b\n```");
        assertFalse(list.valid());
        assertTrue(list.error().contains("must be a map"), list.error());

        Candidate empty = validator.validate(4, "```yaml\n```");
        assertFalse(empty.valid());
        assertEquals("the answer holds no spec", empty.error());
    }

    @Test
    void theVocabularyListsTypesWithParametersAndRestrictsValidation() {
        RewardVocabulary all = RewardVocabulary.of(registry, List.of());
        String text = all.render();
        assertTrue(text.contains("- weighted [core]: "), text);
        assertTrue(text.contains("    rewards (map of reward specs, required): "), text);
        assertTrue(text.contains("    normalize (boolean, default false)"), text);
        assertTrue(text.contains("- meta_score [shaping]"), text);
        assertEquals(text, RewardVocabulary.of(registry, List.of()).render(), "deterministic");

        RewardVocabulary coreOnly = RewardVocabulary.of(registry, List.of("constant"));
        assertTrue(coreOnly.types().stream().allMatch(f -> f.family().equals("core")));
        try (RewardRegistry narrow = coreOnly.registry()) {
            Candidate c = new CandidateValidator(narrow).validate(0, "```yaml\n" + VALID + "```");
            assertFalse(c.valid());
            assertTrue(c.error().contains("unknown reward type 'meta_score'"), c.error());
        }
        RewardVocabulary shaping = RewardVocabulary.of(registry, Set.of("shaping"));
        assertTrue(shaping.render().contains("- meta_score [shaping]"));
        assertFalse(shaping.render().contains("judge_rubric"));
        assertThrows(IllegalArgumentException.class, () -> RewardVocabulary.of(registry, List.of("no_such_thing")));
    }

    static Sample sample(double a, double b, Double gt) {
        ObjectNode meta = ScriptedServer.JSON.createObjectNode().put("a", a).put("b", b);
        if (gt != null) {
            meta.put("gt", gt);
        }
        return new Sample("", "", Prompt.EMPTY, "r", null, "", meta);
    }

    @Test
    void offlineStatsScoreWithTheEngineAndCorrelateWithTheGroundTruth() throws Exception {
        List<Sample> samples = List.of(sample(1, 0, 1.0), sample(2, 1, 3.0), sample(3, 0, 2.0), sample(4, 1, 4.0),
                sample(0, 0, null));
        RewardSpec cand = RewardSpec.resolve(VALID, registry);
        RewardSpec gt = RewardSpec.resolve("{type: meta_score, field: gt}", registry);
        try (Evaluator ev = new Evaluator(2)) {
            List<RewardResult> rc = OfflineStats.score(ev, cand, samples);
            double[] truth = OfflineStats.groundTruth(OfflineStats.score(ev, gt, samples));
            assertTrue(Double.isNaN(truth[4]), "the last sample has no ground truth");
            OfflineStats.Report r = OfflineStats.report(rc, truth);
            assertEquals(5, r.samples());
            assertEquals(5, r.ok());
            // score = 0.5 a + 2 b: 0.5, 3, 1.5, 4, 0
            assertEquals(1.8, r.score().mean(), 1e-12);
            assertEquals(0.0, r.score().min());
            assertEquals(4.0, r.score().max());
            assertEquals(4, r.score().paired());
            double expected = SeriesStats.pearson(new double[] {0.5, 3, 1.5, 4}, new double[] {1, 3, 2, 4});
            assertEquals(expected, r.score().correlation(), 1e-12);
            assertEquals(2, r.components().size());
            OfflineStats.SeriesSummary a = r.components().get(0);
            assertEquals("a", a.name());
            assertEquals(2.0, a.mean(), 1e-12);
            assertEquals(0.8, a.correlation(), 1e-12, "corrcoef([1,2,3,4],[1,3,2,4])");
            OfflineStats.SeriesSummary b = r.components().get(1);
            assertEquals("b", b.name());
            assertEquals(0.4, b.mean(), 1e-12);
            JsonNode json = EurekaJson.report(r);
            assertEquals(4, json.at("/score/paired").asInt());
            assertEquals(0.8, json.at("/components/a/correlation").asDouble(), 1e-12);
        }
    }

    @Test
    void aConstantCandidateHasNoCorrelationAndFailedSamplesScoreZero() throws Exception {
        List<Sample> samples = new ArrayList<>(List.of(sample(1, 0, 1.0), sample(2, 1, 2.0)));
        samples.add(new Sample("", "", Prompt.EMPTY, "r", null, "", null));
        try (Evaluator ev = new Evaluator(1)) {
            OfflineStats.Report flat = OfflineStats.report(
                    OfflineStats.score(ev, RewardSpec.resolve("{type: constant, value: 1}", registry), samples.subList(0, 2)),
                    new double[] {1, 2});
            assertNull(flat.score().correlation());
            OfflineStats.Report r = OfflineStats.report(OfflineStats.score(ev, RewardSpec.resolve(VALID, registry), samples), null);
            assertEquals(2, r.ok());
            assertEquals(1, r.statuses().get("invalid_input"));
            assertNull(r.score().correlation());
            assertEquals(3, r.score().n());
            assertEquals(2, r.components().get(0).n(), "components of ok results only");
            assertNotNull(r.score());
        }
    }
}
