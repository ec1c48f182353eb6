package dev.arbiter.eval;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arbiter.eval.data.InputFiles;
import dev.arbiter.eval.data.PythonLiterals;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static dev.arbiter.eval.Files2.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Input layouts: Parquet (with an embedded-image column), JSON arrays and columnar JSON, normalized items, Python literals. */
class FormatsTest {

    private static void toParquet(Path jsonl, Path parquet, String extraColumns) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
            st.execute("COPY (SELECT *" + extraColumns + " FROM read_json('" + jsonl + "', format='newline_delimited')) TO '"
                    + parquet + "' (FORMAT parquet)");
        }
    }

    @Test
    void parquetInTheOfficialLayoutWithAnEmbeddedImage(@TempDir Path tmp) throws Exception {
        List<ObjectNode> rows = new ArrayList<>();
        List<ObjectNode> scores = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            ObjectNode r = json("{'query':'what is in the image?','response':['a cat','a dog']}");
            r.put("id", "RLAIF_" + i);
            r.putArray("human_ranking").add(0).add(1);
            rows.add(r);
            scores.add(json("{'id':'RLAIF_" + i + "','scores':{'a1':" + (i < 3 ? 1 : 0) + ",'a2':0.5}}"));
        }
        Path jsonl = Files2.jsonl(tmp.resolve("vl.jsonl"), rows);
        Path parquet = tmp.resolve("vl.parquet");
        toParquet(jsonl, parquet, ", 'PNGDATA'::BLOB AS image");
        EvalReport r = new EvalRunner().run(EvalRequest.builder("vl-rewardbench").data(parquet)
                .scores(Files2.jsonl(tmp.resolve("s.jsonl"), scores)).build());
        assertEquals(4, r.counts().itemsEvaluated(), r.skipped().toString());
        assertEquals(75.0, r.headline().value(), 1e-9);
        InputFiles.Input in = InputFiles.read(parquet);
        assertEquals(InputFiles.BINARY_PLACEHOLDER, in.rows().get(0).node().get("image").asText());
    }

    @Test
    void jsonArraysAndColumnarJson(@TempDir Path tmp) {
        Files2.text(tmp.resolve("rows.json"), "[{\"id\": 1, \"prompt\": \"p\", \"chosen\": \"c\", \"rejected\": \"r\", \"subset\": \"hep-go\"}]");
        Files2.text(tmp.resolve("cols.json"), "{\"id\": [2, 3], \"prompt\": [\"p\", \"q\"], \"chosen\": [\"c\", \"c\"], "
                + "\"rejected\": [\"r\", \"r\"], \"subset\": [\"hep-go\", \"hep-go\"]}");
        Path scores = Files2.jsonl(tmp.resolve("s.jsonl"), List.of(json("{'id':'1','scores':[1,0]}"),
                json("{'id':'2','scores':{'chosen':1,'rejected':0}}"), json("{'id':'3','scores':{'chosen':0,'rejected':1}}")));
        EvalReport a = new EvalRunner().run(EvalRequest.builder("rewardbench").data(tmp.resolve("rows.json")).scores(scores).build());
        assertEquals(100.0, a.group("hep-go").orElseThrow().value(), 1e-9, "scores as a list match candidates by position");
        EvalReport b = new EvalRunner().run(EvalRequest.builder("rewardbench").data(tmp.resolve("cols.json")).scores(scores).build());
        assertEquals(2, b.counts().itemsEvaluated());
        assertEquals(50.0, b.group("hep-go").orElseThrow().value(), 1e-9);
    }

    @Test
    void normalizedItemsWorkForEveryBenchmark(@TempDir Path tmp) {
        ObjectNode jb = json("{'id':'p1','benchmark':'judgebench','subset':'livebench-math','prompt':'q',"
                + "'candidates':[{'cid':'x','text':'one'},{'cid':'y','text':'two'}],'gold':{'type':'ordered_label','order':['x','y'],'label':'B>A'}}");
        ObjectNode other = json("{'id':'p2','benchmark':'rewardbench','subset':'livebench-math','prompt':'q',"
                + "'candidates':[{'cid':'x','text':'one'},{'cid':'y','text':'two'}],'gold':{'type':'pair','chosen':'x','rejected':'y'}}");
        EvalReport r = new EvalRunner().run(EvalRequest.builder("judgebench").data(Files2.jsonl(tmp.resolve("d.jsonl"), List.of(jb, other)))
                .scores(Files2.jsonl(tmp.resolve("s.jsonl"), List.of(json("{'id':'p1','scores':{'x':0.2,'y':0.9}}")))).build());
        assertEquals(100.0, r.headline().value(), 1e-9);
        assertEquals(1, r.counts().itemsSkipped());
        assertTrue(r.skipped().get(0).reason().contains("for benchmark 'rewardbench'"), r.skipped().toString());
    }

    @Test
    void pythonListLiterals() {
        assertEquals(List.of("it's", "say \"hi\"\n", 3L, 1.5, true), PythonLiterals.parseList("['it\\'s', \"say \\\"hi\\\"\\n\", 3, 1.5, True]"));
        assertEquals(List.of("hallusion_bench/VD/video/7_0.png"), PythonLiterals.parseList("['hallusion_bench/VD/video/7_0.png']"));
    }

    @Test
    void progressLinesOnAPipe() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        ConsoleProgress p = new ConsoleProgress(new PrintStream(buf, true, StandardCharsets.UTF_8), false, 0);
        p.start("scoring", 2000);
        p.advance(1000, 2000);
        p.advance(2000, 2000);
        p.finish();
        String out = buf.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("scoring  50% 1000/2000") && out.contains("scoring 100% 2000/2000"), out);
        assertEquals(2, out.lines().count(), out);
        ConsoleProgress bar = new ConsoleProgress(new PrintStream(new ByteArrayOutputStream()), true, 10);
        bar.start("scoring", 10);
        assertTrue(bar.line(5, 10, 1).contains("[===============               ] 5/10"), bar.line(5, 10, 1));
    }
}
