package dev.arbiter.models.rm;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arbiter.core.Deadline;
import dev.arbiter.core.Prompt;
import dev.arbiter.core.RewardResult;
import dev.arbiter.core.Sample;
import dev.arbiter.core.Status;
import dev.arbiter.core.spec.RewardRegistry;
import dev.arbiter.core.spec.RewardSpec;
import dev.arbiter.models.onnx.TinyModels;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** scalar_rm with the model's own Jinja template, end to end through a tiny ONNX model. */
class ScalarRmJinjaTest {
    /** A template of the kind reward models ship: BOS from tokenizer_config, trimmed turns, no system role. */
    static final String TEMPLATE = "{{ bos_token }}{% for m in messages %}{% if m['role'] == 'system' %}"
            + "{{ raise_exception('system turns are not supported') }}{% endif %}<|im_start|>{{ m['role'] }}\n"
            + "{{ m['content'] | trim }}<|im_end|>\n{% endfor %}{% if add_generation_prompt %}<|im_start|>assistant\n"
            + "{% endif %}";
    static final RewardRegistry REGISTRY = RewardRegistry.fromServiceLoader();
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path tmp;
    static Path own;
    static Path broken;

    @BeforeAll
    static void build() throws IOException {
        own = withTemplate(TinyModels.rewardModel(tmp.resolve("own"), 5), TEMPLATE);
        broken = withTemplate(TinyModels.rewardModel(tmp.resolve("broken"), 5), "{% for m in messages %}<|im_start|>");
    }

    static Path withTemplate(Path dir, String template) throws IOException {
        ObjectNode tc = (ObjectNode) JSON.readTree(dir.resolve("tokenizer_config.json").toFile());
        tc.put("chat_template", template);
        tc.putObject("bos_token").put("content", "<pad>").put("special", true); // an AddedToken, as HF writes it
        Files.writeString(dir.resolve("tokenizer_config.json"), JSON.writeValueAsString(tc));
        return dir;
    }

    static ScalarRm rm(String spec) {
        return (ScalarRm) RewardSpec.resolve(spec, REGISTRY).reward();
    }

    static Sample chat(String response, Prompt.Message... messages) {
        return new Sample("", "", new Prompt.Chat(List.of(messages)), response, null, "", null);
    }

    @Test
    void autoRendersWithTheModelsTemplateAndRefusesWhatItRefuses() {
        ScalarRm r = rm("{type: scalar_rm, model_dir: '" + own + "', batch_window: 0}");
        assertEquals("jinja", r.model().template().describe());
        assertEquals("<pad><|im_start|>user\ncapital of france?<|im_end|>\n<|im_start|>assistant\nparis<|im_end|>\n",
                r.model().render(ChatTemplate.conversation(new Prompt.Text("  capital of france? "), "paris")));
        Sample plain = chat("paris", new Prompt.Message("user", "capital of france?"));
        Sample withSystem = chat("paris", new Prompt.Message("system", "be brief"),
                new Prompt.Message("user", "capital of france?"));
        List<RewardResult> got = r.scoreBatch(List.of(plain, withSystem, plain), Deadline.none());
        assertEquals(Status.OK, got.get(0).status());
        assertEquals(Status.INVALID_INPUT, got.get(1).status());
        assertTrue(got.get(1).reason().contains("system turns are not supported"), got.get(1).reason());
        assertEquals(got.get(0).score(), got.get(2).score());
        RewardResult one = rm("{type: scalar_rm, model_dir: '" + own + "'}").score(withSystem, Deadline.none());
        assertEquals(Status.INVALID_INPUT, one.status(), one.toString());
        // a family named in the spec is used as is: chatml renders the system turn
        ScalarRm chatml = rm("{type: scalar_rm, model_dir: '" + own + "', template: chatml, batch_window: 0}");
        assertEquals("chatml", chatml.model().template().describe());
        assertEquals(Status.OK, chatml.score(withSystem, Deadline.none()).status());
    }

    @Test
    void jinjaRefusesAnUnparsableTemplateAtLoadAndAutoFallsBack() {
        RuntimeException e = assertThrows(RuntimeException.class,
                () -> rm("{type: scalar_rm, model_dir: '" + broken + "', template: jinja}"));
        assertTrue(e.getMessage().contains("cannot be parsed"), e.getMessage());
        ScalarRm auto = rm("{type: scalar_rm, model_dir: '" + broken + "', batch_window: 0}");
        assertEquals(ChatTemplate.Family.CHATML, auto.model().template().family());
        assertTrue(auto.model().template().describe().startsWith("chatml (auto: the Jinja template is not used"),
                auto.model().template().describe());
        assertEquals(Status.OK, auto.score(chat("paris", new Prompt.Message("user", "capital of france?")),
                Deadline.none()).status());
    }
}
