package dev.arbiter.models;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arbiter.core.Sample;
import dev.arbiter.core.Prompt;
import dev.arbiter.models.ScriptedServer.Reply;
import dev.arbiter.models.onnx.TinyModels;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One scripted judge server and one set of tiny models for the whole test run. The judge answers every built-in
 * prompt deterministically from the request's content, so results are reproducible and checkable.
 */
public final class Fixtures {
    public static final ScriptedServer SERVER;
    public static final Path DIR;
    public static final Path RM;
    public static final Path CLIP;
    public static final Path LM;

    static {
        try {
            DIR = Files.createTempDirectory("arbiter-models-test");
            RM = TinyModels.rewardModel(DIR.resolve("rm"), 7);
            CLIP = TinyModels.clip(DIR.resolve("clip"), 11);
            LM = TinyModels.causalLm(DIR.resolve("lm"), 13);
            SERVER = new ScriptedServer();
            SERVER.on("/v1/chat/completions", Fixtures::judge);
            SERVER.on("/v1/completions", Fixtures::echo);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                SERVER.close();
                try (Stream<Path> s = Files.walk(DIR)) {
                    s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                } catch (IOException ignored) {
                    // best effort
                }
            }));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Fixtures() {
    }

    /** The judge endpoint map, in spec syntax. */
    public static String endpoint() {
        return "{base_url: '" + SERVER.baseUrl() + "/v1', model: judge, api_key_env: ARBITER_TEST_API_KEY, max_attempts: 2, backoff: 1ms}";
    }

    public static Sample sample(String prompt, String response, String reference) {
        return new Sample("", "", new Prompt.Text(prompt), response,
                reference == null ? null : ScriptedServer.JSON.getNodeFactory().textNode(reference), "", null);
    }

    public static Sample withMeta(Sample s, String key, JsonNode value) {
        ObjectNode m = s.meta().deepCopy();
        m.set(key, value);
        return new Sample(s.id(), s.dataSource(), s.prompt(), s.response(), s.reference(), s.group(), m);
    }

    static String userText(JsonNode body) {
        JsonNode msgs = body.path("messages");
        JsonNode last = msgs.get(msgs.size() - 1).path("content");
        if (last.isTextual()) {
            return last.asText();
        }
        StringBuilder sb = new StringBuilder();
        for (JsonNode part : last) {
            if (part.path("type").asText().equals("text")) {
                sb.append(part.path("text").asText());
            } else {
                sb.append("[image]");
            }
        }
        return sb.toString();
    }

    static String between(String text, String start, String end) {
        int a = text.indexOf(start);
        if (a < 0) {
            return "";
        }
        a += start.length();
        int b = text.indexOf(end, a);
        return (b < 0 ? text.substring(a) : text.substring(a, b)).strip();
    }

    /** The scripted judge. Any response containing GARBAGE gets an unreadable answer. */
    static Reply judge(JsonNode body) {
        String u = userText(body);
        if (u.contains("GARBAGE")) {
            return Reply.json(ScriptedServer.chat("I would rather not say."));
        }
        if (u.contains("Solution Process (Final Step Only):")) {
            String sol = between(u, "Solution Process (Final Step Only):", "Reference Answer:").toLowerCase();
            String ref = between(u, "Reference Answer:", "Output:").toLowerCase();
            return Reply.json(ScriptedServer.chat(sol.contains(ref) ? "YES" : "NO"));
        }
        if (u.contains("Student response:")) {
            String ref = between(u, "Ground truth:", "Student response:").toLowerCase();
            String resp = between(u, "Student response:", "\u0000").toLowerCase();
            return Reply.json(ScriptedServer.chat(resp.contains(ref) ? "1.0" : "0.0"));
        }
        if (u.contains("[Critique]")) {
            String c = between(u, "[Critique]", "Answer:");
            double yes = c.contains("Final score: 1") ? 0.2 : 0.9;
            return Reply.json(ScriptedServer.chatWithLogprobs(yes > 0.5 ? "YES" : "NO", Map.of("YES", yes, "NO", 1 - yes)));
        }
        if (u.contains("Rating:")) {
            String resp = between(u, "[Response]", "\n\n");
            int label = 1 + resp.length() % 5;
            if (body.path("logprobs").asBoolean(false)) {
                Map<String, Double> top = new LinkedHashMap<>();
                top.put(Integer.toString(label), 0.6);
                top.put(Integer.toString(label == 5 ? 4 : label + 1), 0.3);
                top.put(" " + label, 0.05);
                top.put("The", 0.05);
                return Reply.json(ScriptedServer.chatWithLogprobs(Integer.toString(label), top));
            }
            return Reply.json(ScriptedServer.chat("Rating: " + label));
        }
        if (u.contains("[The Start of Assistant A's Answer]")) {
            String a = between(u, "[The Start of Assistant A's Answer]", "[The End of Assistant A's Answer]");
            String b = between(u, "[The Start of Assistant B's Answer]", "[The End of Assistant B's Answer]");
            String v = a.length() > b.length() ? "A" : a.length() < b.length() ? "B" : "C";
            return Reply.json(ScriptedServer.chat("A is longer, so: [[" + v + "]]"));
        }
        if (u.contains("<|begin_of_response_A|>")) {
            int a = between(u, "<|begin_of_response_A|>", "<|end_of_response_A|>").length();
            int b = between(u, "<|begin_of_response_B|>", "<|end_of_response_B|>").length();
            String c = a > 2 * b ? "A++" : a > b ? "A+" : a == b ? "A=B" : b > 2 * a ? "B++" : "B+";
            return Reply.json(ScriptedServer.chat("```\n{\"analysis of A\": \"…\", \"choice\": \"" + c + "\"}\n```"));
        }
        if (u.contains("<|begin_of_response|>")) {
            int len = between(u, "<|begin_of_response|>", "<|end_of_response|>").length();
            return Reply.json(ScriptedServer.chat("{\"strengths\": \"s\", \"weaknesses\": \"w\", \"score\": \"" + (1 + len % 10) + "\"}"));
        }
        if (u.contains("Final score: <number>")) {
            String resp = between(u, "[Response]", "First list");
            long seed = body.path("seed").asLong(0);
            return Reply.json(ScriptedServer.chat("Principles: be right.\nCritique: fine.\nFinal score: " + (1 + (resp.length() + seed) % 10)));
        }
        if (u.endsWith("output:")) {
            String reasoning = between(u, "ended its reasoning with these lines:", "Its final answer was:");
            return Reply.json(ScriptedServer.chat(reasoning.contains("worse") ? "0" : "1"));
        }
        if (u.contains("Reply with the score inside answer tags")) {
            String resp = between(u, "[Response]", "Reply with");
            return Reply.json(ScriptedServer.chat("<answer>" + (resp.length() % 11) / 10.0 + "</answer>"));
        }
        return Reply.status(400);
    }

    private static final Pattern PIECE = Pattern.compile("\\s*\\S+|\\s+");

    /** The scripted completions server: whitespace-led word tokens, each with a logprob from its text. */
    static Reply echo(JsonNode body) {
        String prompt = body.path("prompt").asText();
        List<String> tokens = new ArrayList<>();
        Matcher m = PIECE.matcher(prompt);
        while (m.find()) {
            tokens.add(m.group());
        }
        List<Double> lps = new ArrayList<>();
        String model = body.path("model").asText();
        for (String t : tokens) {
            lps.add(-0.05 - Math.floorMod((t + model).hashCode(), 20) / 10.0);
        }
        return Reply.json(ScriptedServer.echo(tokens, lps));
    }
}
