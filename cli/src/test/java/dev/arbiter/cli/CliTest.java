package dev.arbiter.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The CLI end to end, in-process, over the bundled examples and generated bad inputs. */
class CliTest {
    static final Path EXAMPLES = Path.of("..", "examples");

    @TempDir
    Path tmp;

    record Run(int exit, String out, String err) {
    }

    static Run run(byte[] stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, new ByteArrayInputStream(stdin), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static Run run(String... args) {
        return run(new byte[0], args);
    }

    static List<JsonNode> rows(Path p) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(p)) {
            out.add(JsonRowCodec.MAPPER.readTree(line));
        }
        return out;
    }

    @Test
    void scoresTheExampleRolloutsInOrderWithEveryRow() throws IOException {
        Path out = tmp.resolve("out.jsonl");
        Run r = run("score", "--spec", EXAMPLES.resolve("spec.yaml").toString(), "--in", EXAMPLES.resolve("rollouts.jsonl").toString(),
                "--out", out.toString());
        assertEquals(0, r.exit(), r.err());
        List<JsonNode> in = rows(EXAMPLES.resolve("rollouts.jsonl"));
        List<JsonNode> got = rows(out);
        assertEquals(in.size(), got.size());
        for (int i = 0; i < in.size(); i++) {
            assertEquals(in.get(i).get("id"), got.get(i).get("id"));
            assertEquals("ok", got.get(i).at("/reward/status").asText());
        }
        assertEquals(1.0, score(got, "qa-1"));
        assertEquals(0.0, score(got, "qa-3"));
        assertEquals(1.0, score(got, "mc-1"));
        assertEquals(0.0, score(got, "mc-2"));
        assertEquals(1.0, score(got, "r1-1"));
        assertEquals(0.0, score(got, "r1-2"));
        assertEquals(0.1, score(got, "r1-3"), 1e-12);
        assertEquals(1.0, score(got, "gsm-1"));
        assertEquals(0.25, score(got, "rpr-1"), 1e-12);
        assertEquals(1.0, score(got, "math-1"));
        assertEquals(0.0, score(got, "math-2"));
        assertEquals(1.0, score(got, "math-3"));
        assertEquals("math*", get(got, "math-3").at("/reward/details/route").asText());
        assertEquals("default", get(got, "other-1").at("/reward/details/route").asText());
        assertTrue(r.err().contains("rows       18"), r.err());
        assertTrue(r.err().contains("signature  route@1(routes={squad:token_f1@1("), r.err());
        JsonNode meta = JsonRowCodec.MAPPER.readTree(tmp.resolve("out.jsonl.meta.json").toFile());
        assertEquals(got.get(0).at("/reward/signature").asText(), meta.get("signature_id").asText());
        assertEquals(18, meta.at("/status_counts/ok").asInt());
    }

    @Test
    void theSameInputAndSpecGiveTheSameBytesWhateverTheThreads() throws IOException {
        Path a = tmp.resolve("a.jsonl");
        Path b = tmp.resolve("b.jsonl");
        String spec = EXAMPLES.resolve("spec.yaml").toString();
        String in = EXAMPLES.resolve("rollouts.jsonl").toString();
        assertEquals(0, run("score", "--spec", spec, "--in", in, "--out", a.toString(), "--threads", "1", "--quiet").exit());
        assertEquals(0, run("score", "--spec", spec, "--in", in, "--out", b.toString(), "--threads", "4", "--quiet").exit());
        assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));
    }

    @Test
    void badRowsAreKeptWithAStatusAndAReasonNamingTheLine() throws IOException {
        Path out = tmp.resolve("bad.jsonl");
        Run r = run("score", "--spec", "exact_match", "--in", EXAMPLES.resolve("bad-rollouts.jsonl").toString(), "--out", out.toString());
        assertEquals(0, r.exit(), r.err());
        List<JsonNode> got = rows(out);
        List<String> statuses = got.stream().map(n -> n.at("/reward/status").asText()).toList();
        assertEquals(List.of("ok", "invalid_input", "invalid_input", "invalid_input", "invalid_input", "invalid_input",
                "invalid_input", "ok", "ok"), statuses);
        assertEquals("line 2: not valid JSON at column 42: Unexpected end-of-input: was expecting closing quote for a string value",
                got.get(1).at("/reward/reason").asText());
        assertEquals("{\"id\":\"broken\", \"response\": \"unterminated", got.get(1).get("_raw").asText());
        assertEquals("line 3: field 'response' (the response) is missing", got.get(2).at("/reward/reason").asText());
        assertEquals("line 4: field 'response' (the response) must be a string, got number", got.get(3).at("/reward/reason").asText());
        assertEquals("line 5: the sample has no reference answer", got.get(4).at("/reward/reason").asText());
        assertTrue(got.get(5).at("/reward/reason").asText().startsWith("line 6: invalid UTF-8 at byte 32"));
        assertEquals("line 7: expected a JSON object, got array", got.get(6).at("/reward/reason").asText());
        assertEquals("ok-2", got.get(8).get("id").asText(), "a last line without a newline counts");
        assertTrue(r.err().contains("status     ok=3 invalid_input=6 timeout=0 error=0"), r.err());
    }

    @Test
    void oversizedRecordsAndResponsesAreRefusedButKept() throws IOException {
        Path in = tmp.resolve("big.jsonl");
        String huge = "{\"id\":\"huge\",\"response\":\"" + "x".repeat(5000) + "\",\"reference\":\"x\"}";
        String longResponse = "{\"id\":\"long\",\"response\":\"" + "y".repeat(500) + "\",\"reference\":\"x\"}";
        Files.writeString(in, "{\"id\":\"a\",\"response\":\"x\",\"reference\":\"x\"}\n" + huge + "\n" + longResponse + "\n");
        Path out = tmp.resolve("out.jsonl");
        Run r = run("score", "--spec", "exact_match", "--in", in.toString(), "--out", out.toString(), "--max-record-bytes", "2000",
                "--max-response-chars", "400");
        assertEquals(0, r.exit(), r.err());
        List<JsonNode> got = rows(out);
        assertEquals(3, got.size());
        assertEquals(1.0, got.get(0).at("/reward/score").asDouble());
        assertEquals("invalid_input", got.get(1).at("/reward/status").asText());
        assertTrue(got.get(1).at("/reward/reason").asText().startsWith("line 2: the record is 5043 bytes, over the limit of 2000 (--max-record-bytes)"), got.get(1).toString());
        assertEquals(1024, got.get(1).get("_raw_prefix").asText().length());
        assertEquals("line 3: field 'response' holds 500 characters, over the limit of 400 (--max-response-chars)",
                got.get(2).at("/reward/reason").asText());
    }

    @Test
    void aRunawaySampleTimesOutAndTheRestAreScored() throws IOException {
        Path in = tmp.resolve("in.jsonl");
        Files.writeString(in, "{\"response\":\"123\"}\n{\"response\":\"" + "a".repeat(40) + "b\"}\n{\"response\":\"x\"}\n");
        Path out = tmp.resolve("out.jsonl");
        Run r = run("score", "--spec", "{type: regex_match, pattern: '(.*a){12}$|^\\d+$'}", "--deadline", "100ms", "--in", in.toString(),
                "--out", out.toString());
        assertEquals(0, r.exit(), r.err());
        List<String> statuses = rows(out).stream().map(n -> n.at("/reward/status").asText()).toList();
        assertEquals(List.of("ok", "timeout", "ok"), statuses);
    }

    @Test
    void readsVerlParquetAndWritesParquetWithTheSignature() throws IOException {
        Path out = tmp.resolve("scored.parquet");
        Run r = run("score", "--spec", EXAMPLES.resolve("verl-spec.yaml").toString(), "--in",
                EXAMPLES.resolve("verl-rollouts.parquet").toString(), "--out", out.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.err().contains("mean score 0.833333"), r.err());
        Path back = tmp.resolve("back.jsonl");
        Run r2 = run("score", "--spec", "constant", "--in", out.toString(), "--out", back.toString(), "--result-field", "again",
                "--response-field", "response");
        assertEquals(0, r2.exit(), r2.err());
        List<JsonNode> got = rows(back);
        assertEquals(6, got.size());
        assertEquals("72", got.get(0).at("/reward_model/ground_truth").asText());
        assertEquals("user", got.get(0).at("/prompt/0/role").asText());
        assertEquals(1.0, got.get(0).at("/reward/score").asDouble());
        assertEquals(0.0, got.get(4).at("/reward/score").asDouble(), "James: 600 is not 624");
    }

    @Test
    void readsStandardInputAndMapsOtherSchemas() throws IOException {
        byte[] in = ("{\"q\":{\"id\":7},\"completion\":{\"text\":\"Paris\"},\"gold\":{\"answer\":\"paris\"}}\n")
                .getBytes(StandardCharsets.UTF_8);
        Run r = run(in, "score", "--spec", "exact_match", "--in", "-", "--response-field", "completion.text", "--reference-field",
                "gold", "--id-field", "q.id", "--quiet");
        assertEquals(0, r.exit(), r.err());
        JsonNode row = JsonRowCodec.MAPPER.readTree(r.out());
        assertEquals(1.0, row.at("/reward/score").asDouble(), row.toString());
        assertEquals("", r.err());
    }

    @Test
    void aGroupTransformShapesRowsSharingAGroupKeyWhereverTheyAre() throws IOException {
        Path out = tmp.resolve("grpo.jsonl");
        Run r = run("score", "--spec", EXAMPLES.resolve("grpo-spec.yaml").toString(), "--in",
                EXAMPLES.resolve("group-rollouts.jsonl").toString(), "--out", out.toString());
        assertEquals(0, r.exit(), r.err());
        List<JsonNode> got = rows(out);
        assertEquals(9, got.size());
        double a = 0.5 / (Math.sqrt(1.0 / 3) + 1e-6);
        for (JsonNode row : got.subList(0, 8)) {
            double raw = row.at("/reward/score").asDouble();
            assertEquals(raw == 1.0 ? a : -a, row.at("/reward/shaped").asDouble(), 1e-12, row.toString());
            assertEquals(4, row.at("/reward/group_details/size").asInt());
            assertTrue(row.at("/reward/kept").asBoolean());
        }
        assertEquals(1.0 / (1 + 1e-6), got.get(8).at("/reward/shaped").asDouble(), 1e-12, "a lone rollout under verl's rule");
        assertTrue(r.err().contains("|group=grpo@1(flavor=verl,epsilon=none,std=unbiased,min_std=0)|deadline=2000ms"), r.err());
        Path again = tmp.resolve("again.jsonl");
        assertEquals(0, run("score", "--spec", EXAMPLES.resolve("grpo-spec.yaml").toString(), "--in",
                EXAMPLES.resolve("group-rollouts.jsonl").toString(), "--out", again.toString(), "--threads", "1", "--quiet").exit());
        assertArrayEquals(Files.readAllBytes(out), Files.readAllBytes(again));
    }

    /** Catalog C7d: running min-max over two batches, the state carried between runs by --group-state. */
    @Test
    void aStatefulGroupTransformCarriesItsStateAcrossRuns() throws IOException {
        Path state = tmp.resolve("state.json");
        String spec = "{type: meta_score, field: r, group: {type: running_minmax}}";
        Path b1 = tmp.resolve("b1.jsonl");
        Path b2 = tmp.resolve("b2.jsonl");
        Files.writeString(b1, "{\"uid\":\"a\",\"response\":\"x\",\"meta\":{\"r\":1}}\n{\"uid\":\"a\",\"response\":\"x\",\"meta\":{\"r\":2}}\n"
                + "{\"uid\":\"a\",\"response\":\"x\",\"meta\":{\"r\":3}}\n");
        Files.writeString(b2, "{\"uid\":\"b\",\"response\":\"x\",\"meta\":{\"r\":5}}\n{\"uid\":\"b\",\"response\":\"x\",\"meta\":{\"r\":0}}\n");
        List<Double> first = shaped(run("score", "--spec", spec, "--in", b1.toString(), "--group-state", state.toString(), "--quiet"));
        assertEquals(List.of(0.0, 0.5, 1.0), first);
        assertTrue(Files.exists(state));
        List<Double> second = shaped(run("score", "--spec", spec, "--in", b2.toString(), "--group-state", state.toString(), "--quiet"));
        assertEquals(List.of(1.0, 0.0), second);
    }

    private static List<Double> shaped(Run r) throws IOException {
        assertEquals(0, r.exit(), r.err());
        List<Double> out = new ArrayList<>();
        for (String line : r.out().split("\n")) {
            out.add(JsonRowCodec.MAPPER.readTree(line).at("/reward/shaped").asDouble());
        }
        return out;
    }

    @Test
    void verifyMathSaysWhy() {
        Run eq = run("verify-math", "\\frac{1}{2}", "The answer is $0.5$");
        assertEquals(0, eq.exit());
        assertTrue(eq.out().startsWith("EQUIVALENT"), eq.out());
        Run ne = run("verify-math", "1-\\frac{1}{e}", "1+\\frac{1}{e}");
        assertEquals(1, ne.exit());
        assertTrue(ne.out().startsWith("NOT EQUIVALENT"), ne.out());
    }

    @Test
    void exitCodes() {
        Run missing = run("score", "--spec", "exact_match", "--in", tmp.resolve("nope.jsonl").toString());
        assertEquals(3, missing.exit());
        assertTrue(missing.err().contains("cannot read input file"), missing.err());
        Run badSpec = run("score", "--spec", "{type: exact_mtch}", "--in", EXAMPLES.resolve("rollouts.jsonl").toString());
        assertEquals(2, badSpec.exit());
        assertTrue(badSpec.err().contains("unknown reward type 'exact_mtch'; known types: "), badSpec.err());
        assertEquals(2, run("score", "--in", "x").exit(), "--spec is required");
        assertEquals(2, run("frobnicate").exit());
    }

    @Test
    void checkPrintsTheSignatureOrWhereTheSpecIsWrong() throws IOException {
        Run ok = run("check", EXAMPLES.resolve("spec.yaml").toString());
        assertEquals(0, ok.exit(), ok.err());
        assertTrue(ok.out().startsWith("ok "), ok.out());
        Path bad = tmp.resolve("bad.yaml");
        Files.writeString(bad, "type: weighted\nrewards:\n  a: {type: exact_match, normalize: loud}\n");
        Run r = run("check", bad.toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains(bad + ":3: key 'rewards.a.normalize': expected one of squad|case_whitespace|whitespace|none, got \"loud\""),
                r.err());
    }

    @Test
    void rewardsListsEveryTypeWithItsParameters() throws IOException {
        Run r = run("rewards");
        assertEquals(0, r.exit());
        for (String type : List.of("math", "sql_execution", "exact_match", "token_f1", "regex_match", "multiple_choice", "format", "length_penalty",
                "reasoning_pattern", "route", "weighted", "gate", "clip", "scale", "constant")) {
            assertTrue(r.out().contains("\n" + type + " (v") || r.out().startsWith(type + " (v"), type);
        }
        JsonNode json = JsonRowCodec.MAPPER.readTree(run("rewards", "--json").out());
        assertTrue(json.isArray() && json.size() >= 13);
        assertEquals(0, run("version").exit());
    }

    private static double score(List<JsonNode> rows, String id) {
        return get(rows, id).at("/reward/score").asDouble();
    }

    private static JsonNode get(List<JsonNode> rows, String id) {
        return rows.stream().filter(n -> n.get("id").asText().equals(id)).findFirst().orElseThrow();
    }
}
