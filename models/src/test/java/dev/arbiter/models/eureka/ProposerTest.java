package dev.arbiter.models.eureka;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arbiter.core.spec.RewardRegistry;
import dev.arbiter.models.Judge;
import dev.arbiter.models.ScriptedServer;
import dev.arbiter.models.remote.EndpointConfig;
import dev.arbiter.models.remote.OpenAiChat;
import dev.arbiter.models.remote.RemoteClient;
import dev.arbiter.models.remote.Secret;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code propose} end to end against a local server speaking OpenAI chat completions. */
class ProposerTest {

    static ScriptedServer.Reply answer(JsonNode body) {
        long seed = body.path("seed").asLong(-1);
        return switch ((int) seed) {
            case 7 -> ScriptedServer.Reply.json(ScriptedServer.chat(
                    "A weighted sum of format and length.\n```yaml\ntype: weighted\nrewards:\n  one: {type: constant, value: 1}\n"
                            + "  half: {type: scale, factor: 0.5, reward: {type: constant, value: 1}}\nweights: {one: 0.2, half: 1}\n```"));
            case 8 -> ScriptedServer.Reply.json(ScriptedServer.chat("```yaml\ntype: token_f1_typo\n```"));
            case 9 -> ScriptedServer.Reply.status(400);
            default -> ScriptedServer.Reply.json(ScriptedServer.chat("I cannot help with that."));
        };
    }

    @Test
    void proposesKCandidatesWithSeededRequestsAndValidatesEach() throws Exception {
        try (ScriptedServer server = new ScriptedServer(); RewardRegistry registry = RewardRegistry.fromServiceLoader()) {
            server.on("/v1/chat/completions", ProposerTest::answer);
            RemoteClient client = RemoteClient.create(EndpointConfig.of(server.baseUrl() + "/v1", "reward-writer"), Secret.none());
            RewardVocabulary vocab = RewardVocabulary.of(registry, List.of("core"));
            try (RewardRegistry offered = vocab.registry()) {
                Proposer p = new Proposer(new OpenAiChat(client), Proposer.prompt(null), vocab, new CandidateValidator(offered));
                Reflection previous = new Reflection("```yaml\ntype: constant\n```", "task_score stayed at 0; rewrite it.");
                Proposer.Proposal prop = p.propose("Answer grade-school math questions.", previous,
                        new Proposer.Sampling(4, 1.0, 512, 7, Duration.ofSeconds(10)));

                List<Candidate> cs = prop.candidates();
                assertEquals(4, cs.size());
                assertTrue(cs.get(0).valid(), cs.get(0).error());
                assertTrue(cs.get(0).signature().startsWith("weighted@1("), cs.get(0).signature());
                assertFalse(cs.get(1).valid());
                assertTrue(cs.get(1).error().contains("unknown reward type 'token_f1_typo'"), cs.get(1).error());
                assertFalse(cs.get(2).valid());
                assertTrue(cs.get(2).error().startsWith("no answer from the LLM"), cs.get(2).error());
                assertEquals("", cs.get(2).answer());
                assertFalse(cs.get(3).valid(), "prose is not a spec");
                assertEquals(3, prop.answered());
                assertEquals(1, prop.valid());

                List<ScriptedServer.Received> got = server.received("/v1/chat/completions");
                assertEquals(4, got.size());
                List<Long> seeds = got.stream().map(r -> r.body().get("seed").asLong()).sorted().toList();
                assertEquals(List.of(7L, 8L, 9L, 10L), seeds);
                JsonNode body = got.get(0).body();
                assertEquals("reward-writer", body.get("model").asText());
                assertEquals(1.0, body.get("temperature").asDouble());
                assertEquals(512, body.get("max_tokens").asInt());
                assertFalse(body.has("n"), "one answer per request");
                JsonNode msgs = body.get("messages");
                assertEquals(4, msgs.size(), "system, task, previous best answer, reflection");
                assertEquals(List.of("system", "user", "assistant", "user"),
                        List.of(msgs.get(0).get("role").asText(), msgs.get(1).get("role").asText(),
                                msgs.get(2).get("role").asText(), msgs.get(3).get("role").asText()));
                assertTrue(msgs.get(0).get("content").asText().contains("```yaml"));
                String user = msgs.get(1).get("content").asText();
                assertTrue(user.contains("- weighted [core]:") && user.contains("Answer grade-school math questions."), user);
                assertFalse(user.contains("judge_rubric"), "only the offered types are listed");
                assertFalse(user.contains("{{"), user);
                assertEquals("```yaml\ntype: constant\n```", msgs.get(2).get("content").asText());
                assertEquals("task_score stayed at 0; rewrite it.", msgs.get(3).get("content").asText());
                for (ScriptedServer.Received r : got) {
                    assertEquals(msgs, r.body().get("messages"), "every candidate is asked the same question");
                }
            }
        }
    }

    @Test
    void aHandWrittenReflectionIsAppendedToTheTaskAndNoReflectionGivesTwoMessages() {
        try (RewardRegistry registry = RewardRegistry.fromServiceLoader()) {
            RewardVocabulary vocab = RewardVocabulary.of(registry, List.of("core"));
            Proposer p = new Proposer((req, d) -> { throw new AssertionError(); }, Proposer.prompt(null), vocab,
                    new CandidateValidator(registry));
            List<Judge.Message> first = p.messages("Task.", null);
            assertEquals(2, first.size());
            List<Judge.Message> hand = p.messages("Task.", Reflection.parse("Use a format gate."));
            assertEquals(2, hand.size());
            assertTrue(hand.get(1).text().endsWith("\n\nUse a format gate."), hand.get(1).text());
            assertEquals(first, p.messages("Task.", null), "the same inputs give the same prompt");
        }
    }
}
