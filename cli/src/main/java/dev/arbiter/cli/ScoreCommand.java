package dev.arbiter.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arbiter.core.Status;
import dev.arbiter.core.engine.BatchScorer;
import dev.arbiter.core.engine.BatchSummary;
import dev.arbiter.core.engine.Evaluator;
import dev.arbiter.core.spec.RewardRegistry;
import dev.arbiter.core.spec.RewardSpec;
import dev.arbiter.core.spec.SpecException;
import dev.arbiter.defenses.LengthCorrelation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.BufferedInputStream;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code arbiter score}: scores every row of a JSONL or Parquet file with one spec. */
@Command(name = "score", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Score every row of a JSONL or Parquet file with a reward spec.",
                "Every input row is written to the output, in order, with a 'reward' object "
                        + "(score, status, reason, details, components, signature)."})
final class ScoreCommand implements Callable<Integer> {

    @Option(names = "--spec", required = true, paramLabel = "SPEC",
            description = "Spec file (YAML or JSON), or inline spec text, or a bare type name such as exact_match.")
    String spec;

    @Option(names = "--in", required = true, paramLabel = "FILE", description = "Input: .jsonl (or - for stdin) or .parquet.")
    String in;

    @Option(names = "--out", paramLabel = "FILE", description = "Output: .jsonl or .parquet; standard output when absent.")
    String out;

    @Option(names = "--threads", paramLabel = "N", description = "Samples scored at once (default: the number of cores).")
    Integer threads;

    @Option(names = "--deadline", paramLabel = "DURATION", description = "Per-sample time budget, overriding the spec's (e.g. 500ms, 2s).")
    String deadline;

    @Option(names = "--id-field", paramLabel = "PATH", description = "Field holding the row id (default: id, extra_info.index, else the line number).")
    String idField;

    @Option(names = "--data-source-field", paramLabel = "PATH", description = "Field naming the task, used by route (default: data_source).")
    String dataSourceField;

    @Option(names = "--prompt-field", paramLabel = "PATH", description = "Field holding the prompt: text or chat messages (default: prompt).")
    String promptField;

    @Option(names = "--response-field", paramLabel = "PATH", description = "Field holding the model output (default: response, responses, completion, output).")
    String responseField;

    @Option(names = "--reference-field", paramLabel = "PATH", description = "Field holding the reference (default: reference, reward_model.ground_truth, ground_truth, answer, label).")
    String referenceField;

    @Option(names = "--group-field", paramLabel = "PATH", description = "Field grouping rollouts of one prompt (default: group, uid).")
    String groupField;

    @Option(names = "--meta-field", paramLabel = "PATH", description = "Field with free metadata (default: extra_info, meta); several, comma-separated, are merged in order (e.g. extra_info,reward.details).")
    String metaField;

    @Option(names = "--result-field", paramLabel = "NAME", defaultValue = "reward", description = "Name of the added result object (default: ${DEFAULT-VALUE}).")
    String resultField;

    @Option(names = "--step", paramLabel = "N", defaultValue = "0", description = "Training step passed to the spec's group transform (default: ${DEFAULT-VALUE}).")
    long step;

    @Option(names = "--group-state", paramLabel = "FILE", description = "A stateful group transform's state: read before shaping if the file exists, written after.")
    Path groupState;

    @Option(names = "--max-record-bytes", paramLabel = "N", defaultValue = "67108864", description = "Longest input record kept whole (default: 64 MiB).")
    int maxRecordBytes;

    @Option(names = "--max-response-chars", paramLabel = "N", defaultValue = "4000000", description = "Longest response scored; longer ones are invalid_input (default: ${DEFAULT-VALUE}).")
    int maxResponseChars;

    @Option(names = "--progress", paramLabel = "MODE", defaultValue = "auto", description = "auto, bar, plain or none (default: auto: a bar on a terminal, plain lines every 10 s otherwise).")
    String progress;

    @Option(names = "--quiet", description = "No progress and no summary.")
    boolean quiet;

    private final LengthCorrelation lengths = new LengthCorrelation();
    private final RewardRegistry registry;
    private final PrintStream stdout;
    private final PrintStream stderr;
    private final InputStream stdin;

    ScoreCommand(RewardRegistry registry, InputStream stdin, PrintStream stdout, PrintStream stderr) {
        this.registry = registry;
        this.stdin = stdin;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    @Override
    public Integer call() throws Exception {
        RewardSpec rs;
        try {
            rs = RewardSpec.resolve(spec, registry);
            if (deadline != null) {
                rs = rs.withDeadline(SpecDurations.parse(deadline));
            }
        } catch (SpecException | IllegalArgumentException e) {
            stderr.println("arbiter: invalid spec: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        boolean fromStdin = in.equals("-");
        Path inPath = fromStdin ? null : Path.of(in);
        if (!fromStdin && (!Files.isRegularFile(inPath) || !Files.isReadable(inPath))) {
            stderr.println("arbiter: cannot read input file " + in + (Files.exists(inPath) ? " (not a readable file)" : " (no such file)"));
            return ExitCodes.NO_INPUT;
        }
        Path outPath = out == null ? null : Path.of(out);
        boolean parquetIn = inPath != null && ParquetFiles.isParquet(inPath);
        boolean parquetOut = outPath != null && ParquetFiles.isParquet(outPath);
        FieldMapping fields = new FieldMapping(idField, dataSourceField, promptField, responseField, referenceField,
                groupField, metaField, resultField);
        JsonRowCodec codec = new JsonRowCodec(fields, parquetIn ? "row" : "line", maxRecordBytes, maxResponseChars, rs.signatureId());
        int n = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        if (n < 1) {
            stderr.println("arbiter: --threads (" + n + ") must be at least 1");
            return ExitCodes.USAGE;
        }

        boolean shaping = rs.group() != null;
        Path tempDir = (outPath == null ? Path.of(".") : outPath.toAbsolutePath().getParent());
        Path scoredPath = parquetOut || shaping ? Files.createTempFile(tempDir, ".arbiter-scored-", ".jsonl") : outPath;
        List<Path> temps = new java.util.ArrayList<>();
        if (scoredPath != null && scoredPath != outPath) {
            temps.add(scoredPath);
        }
        BatchSummary summary;
        GroupShaping shaper = null;
        long totalBytes = inPath == null || parquetIn ? 0 : Files.size(inPath);
        try {
            try (Evaluator evaluator = new Evaluator(n);
                 OutputStream os = scoredPath == null ? new NonClosing(stdout) : Files.newOutputStream(scoredPath);
                 Writer w = new BufferedWriter(new OutputStreamWriter(os, StandardCharsets.UTF_8), 1 << 16)) {
                summary = scoreAll(rs, codec, evaluator, w, inPath, fromStdin, parquetIn, totalBytes);
            } catch (UncheckedIOException e) {
                stderr.println("arbiter: I/O error: " + e.getCause().getMessage());
                return ExitCodes.FAILED;
            } catch (SQLException e) {
                stderr.println("arbiter: cannot read " + in + ": " + e.getMessage());
                return ExitCodes.NO_INPUT;
            }
            Path finalJsonl = scoredPath;
            if (shaping) {
                Path shapedPath = parquetOut || outPath == null ? Files.createTempFile(tempDir, ".arbiter-shaped-", ".jsonl") : outPath;
                if (shapedPath != outPath) {
                    temps.add(shapedPath);
                }
                shaper = new GroupShaping(rs.group(), codec, resultField, step);
                boolean stateful = groupState != null && shaper.restoreState(groupState);
                shaper.apply(scoredPath, shapedPath);
                if (stateful) {
                    shaper.saveState(groupState);
                }
                finalJsonl = shapedPath;
                if (outPath == null) {
                    Files.copy(shapedPath, stdout);
                    stdout.flush();
                }
            }
            if (parquetOut) {
                try {
                    Files.deleteIfExists(outPath);
                    ParquetFiles.writeFromJsonl(finalJsonl, outPath, rs.signature());
                } catch (SQLException e) {
                    stderr.println("arbiter: cannot write " + out + ": " + e.getMessage());
                    return ExitCodes.FAILED;
                }
            }
        } finally {
            for (Path t : temps) {
                Files.deleteIfExists(t);
            }
        }
        if (outPath != null) {
            writeMeta(outPath, rs, summary);
        }
        if (!quiet) {
            printSummary(rs, summary, shaper);
        }
        return ExitCodes.OK;
    }

    private BatchSummary scoreAll(RewardSpec rs, JsonRowCodec codec, Evaluator evaluator, Writer w, Path inPath,
                                  boolean fromStdin, boolean parquetIn, long totalBytes) throws Exception {
        Iterator<RawRecord> records;
        AutoCloseable source;
        java.util.function.LongSupplier bytesRead;
        if (parquetIn) {
            ParquetFiles.Rows rows = new ParquetFiles.Rows(inPath);
            records = rows;
            source = rows;
            bytesRead = () -> 0;
        } else {
            InputStream is = fromStdin ? stdin : Files.newInputStream(inPath);
            JsonlReader reader = new JsonlReader(new BufferedInputStream(is, 1 << 16), maxRecordBytes);
            records = reader;
            source = is;
            bytesRead = reader::bytesRead;
        }
        Progress bar = quiet || progress.equals("none") ? null : new Progress(stderr,
                progress.equals("bar") || progress.equals("auto") && System.console() != null, totalBytes, bytesRead, 10);
        BatchScorer.Listener listener = (rows, sample, result) -> {
            if (bar != null) {
                bar.written(rows, sample, result);
            }
            if (sample != null && sample.response() != null && result.isOk()) {
                lengths.add(sample.response(), LengthCorrelation.Unit.CHARS, result.score());
            }
        };
        try (AutoCloseable ignored = source) {
            return new BatchScorer(evaluator, rs).run(records, codec, line -> {
                try {
                    w.write(line);
                    w.write('\n');
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }, listener);
        } finally {
            if (bar != null) {
                bar.finish();
            }
        }
    }

    private void writeMeta(Path outPath, RewardSpec rs, BatchSummary s) throws IOException {
        ObjectNode meta = JsonRowCodec.MAPPER.createObjectNode();
        meta.put("signature", rs.signature());
        meta.put("signature_id", rs.signatureId());
        meta.put("spec_source", rs.source());
        meta.put("arbiter_version", Version.text());
        meta.put("rows", s.rows());
        ObjectNode counts = meta.putObject("status_counts");
        for (Status st : Status.values()) {
            counts.put(st.wireName(), s.counts().get(st));
        }
        if (!Double.isNaN(s.meanOkScore())) {
            meta.put("mean_ok_score", s.meanOkScore());
        }
        meta.set("length_correlation", JsonRowCodec.MAPPER.valueToTree(lengths.summary()));
        Path metaPath = outPath.resolveSibling(outPath.getFileName() + ".meta.json");
        Files.writeString(metaPath, JsonRowCodec.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(meta) + "\n");
    }

    private void printSummary(RewardSpec rs, BatchSummary s, GroupShaping shaper) {
        StringBuilder counts = new StringBuilder();
        for (Status st : Status.values()) {
            counts.append(st.wireName()).append('=').append(s.counts().get(st)).append(' ');
        }
        stderr.println("rows       " + s.rows());
        stderr.println("mean score " + (Double.isNaN(s.meanOkScore()) ? "n/a" : String.format(Locale.ROOT, "%.6f", s.meanOkScore()))
                + " (over ok rows)");
        stderr.println("status     " + counts.toString().strip());
        stderr.println("length     score vs response characters over ok rows: pearson " + fmt(lengths.pearson())
                + ", spearman " + fmt(lengths.spearman()));
        if (shaper != null) {
            stderr.println("shaped     mean " + (Double.isNaN(shaper.meanShaped()) ? "n/a"
                    : String.format(Locale.ROOT, "%.6f", shaper.meanShaped())) + ", " + shaper.dropped() + " rows dropped by the group transform");
        }
        stderr.println("rows/s     " + String.format(Locale.ROOT, "%.0f", s.rowsPerSecond()) + " (" + s.elapsed().toMillis() + " ms)");
        stderr.println("signature  " + rs.signature());
    }

    private static String fmt(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.3f", v);
    }

    /** Standard output must stay open after the writer closes. */
    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
