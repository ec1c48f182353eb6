package dev.arbiter.models.rm;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.arbiter.core.InvalidInputException;
import dev.arbiter.core.Prompt;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** ChatTemplate with the model's own Jinja template: resolution (auto, jinja, families) and rendering. */
class ChatTemplateJinjaTest {
    static final Map<String, Object> TOKENS = Map.of("bos_token", "<BOS>", "eos_token", "<EOS>");

    static Path fixtures() throws URISyntaxException {
        return Path.of(ChatTemplateJinjaTest.class.getResource("/dev/arbiter/models/rm/jinja/conversations.json")
                .toURI()).getParent();
    }

    static String model(String name) throws Exception {
        return Files.readString(fixtures().resolve("models").resolve(name + ".jinja"));
    }

    static String jinja2(String template, String conversation) throws Exception {
        Map<String, Object> doc = new ObjectMapper().readValue(fixtures().resolve("models-expected.json").toFile(),
                new TypeReference<>() { });
        for (Object o : (List<?>) doc.get("cases")) {
            Map<?, ?> c = (Map<?, ?>) o;
            if (c.get("template").equals(template + ".jinja") && c.get("conversation").equals(conversation)) {
                return (String) c.get("output");
            }
        }
        throw new IllegalArgumentException(template + "/" + conversation);
    }

    static final List<Prompt.Message> THINK_HISTORY = List.of(new Prompt.Message("user", "Is 17 prime?"),
            new Prompt.Message("assistant", "<think>Check divisors up to 4.</think>Yes."),
            new Prompt.Message("user", "And 21?"),
            new Prompt.Message("assistant", "<think>\n21 = 3 × 7\n</think>\n\nNo."));

    @Test
    void autoUsesTheModelsOwnTemplate() throws Exception {
        ChatTemplate t = ChatTemplate.forModel(null, model("qwen3"), TOKENS);
        assertEquals(ChatTemplate.Family.JINJA, t.family());
        assertEquals("jinja", t.describe());
        assertNull(t.note());
        // Qwen3's template drops the reasoning of turns before the last query; the Java family keeps it
        assertEquals(jinja2("qwen3", "think_history"), t.render(THINK_HISTORY));
        assertNotEquals(ChatTemplate.detect(model("qwen3")).render(THINK_HISTORY), t.render(THINK_HISTORY));
        assertTrue(t.render(THINK_HISTORY).startsWith("<|im_start|>user\nIs 17 prime?<|im_end|>\n<|im_start|>assistant\nYes."));
    }

    @Test
    void renderPromptAddsTheTemplatesGenerationPrompt() throws Exception {
        List<Prompt.Message> prompt = List.of(new Prompt.Message("user", "Write a haiku about rain."));
        ChatTemplate qwen = ChatTemplate.jinja(model("qwen3"), TOKENS);
        assertEquals(jinja2("qwen3", "prompt_only"), qwen.renderPrompt(prompt));
        assertTrue(qwen.renderPrompt(prompt).endsWith("<|im_start|>assistant\n"));
        ChatTemplate llama = ChatTemplate.jinja(model("llama-3.1"), TOKENS);
        assertEquals(jinja2("llama-3.1", "prompt_only"), llama.renderPrompt(prompt));
        assertTrue(llama.renderPrompt(prompt).startsWith("<BOS><|start_header_id|>system<|end_header_id|>\n\n"
                + "Cutting Knowledge Date: December 2023\nToday Date: 26 Jul 2024\n\n"), llama.renderPrompt(prompt));
    }

    @Test
    void aTemplateThatRefusesAConversationMakesItInvalidInput() throws Exception {
        ChatTemplate gemma = ChatTemplate.forModel(null, model("gemma-2"), TOKENS);
        assertEquals(ChatTemplate.Family.JINJA, gemma.family());
        List<Prompt.Message> withSystem = List.of(new Prompt.Message("system", "Be brief."),
                new Prompt.Message("user", "Hi"), new Prompt.Message("assistant", "Hello"));
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> gemma.render(withSystem));
        assertTrue(e.getMessage().contains("System role not supported"), e.getMessage());
        // the family renderer (template: gemma) folds the system turn into the first user turn instead
        assertTrue(ChatTemplate.of(ChatTemplate.Family.GEMMA).render(withSystem).contains("Be brief.\n\nHi"));
        assertEquals("<BOS><start_of_turn>user\nHi<end_of_turn>\n<start_of_turn>model\nHello<end_of_turn>\n",
                gemma.render(withSystem.subList(1, 3)));
    }

    @Test
    void autoFallsBackToTheFamilyAndSaysWhy() {
        ChatTemplate unparsable = ChatTemplate.forModel(null, "{% do x %}<|im_start|>", TOKENS);
        assertEquals(ChatTemplate.Family.CHATML, unparsable.family());
        assertTrue(unparsable.describe().startsWith("chatml (auto: the Jinja template is not used, the chat template "
                + "cannot be parsed: syntax error on line 1: encountered unknown tag 'do'"), unparsable.describe());
        ChatTemplate refusing = ChatTemplate.forModel(null,
                "{{ raise_exception('this template needs tools') }}<|start_header_id|>", TOKENS);
        assertEquals(ChatTemplate.Family.LLAMA3, refusing.family());
        assertTrue(refusing.describe().contains("this template needs tools"), refusing.describe());
        ChatTemplate none = ChatTemplate.forModel(null, null, TOKENS);
        assertEquals("plain", none.describe());
    }

    @Test
    void jinjaMustHaveAParsableTemplateAndFamiliesStayAsAsked() throws Exception {
        ChatTemplate jinja = ChatTemplate.of(ChatTemplate.Family.JINJA);
        assertThrows(IllegalStateException.class, () -> jinja.render(THINK_HISTORY));
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> ChatTemplate.forModel(jinja, null, TOKENS));
        assertTrue(missing.getMessage().contains("has none"), missing.getMessage());
        IllegalArgumentException broken = assertThrows(IllegalArgumentException.class,
                () -> ChatTemplate.forModel(jinja, "{% for m in messages %}", TOKENS));
        assertTrue(broken.getMessage().contains("cannot be parsed"), broken.getMessage());
        assertEquals("jinja", ChatTemplate.forModel(jinja, model("llama-3.1"), TOKENS).describe());
        ChatTemplate gemma = ChatTemplate.of(ChatTemplate.Family.GEMMA);
        assertSame(gemma, ChatTemplate.forModel(gemma, model("qwen3"), TOKENS));
    }

    @Test
    void longConversationsStayWithinTheLimits() throws IOException {
        ChatTemplate t = ChatTemplate.jinja("{% for m in messages %}{{ m | tojson }}{{ m.content }}{% endfor %}", TOKENS);
        String big = "word ".repeat(4_000_000);
        String out = t.render(List.of(new Prompt.Message("user", big)));
        assertTrue(out.length() > 2 * big.length());
    }
}
