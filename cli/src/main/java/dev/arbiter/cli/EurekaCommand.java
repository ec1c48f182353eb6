package dev.arbiter.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arbiter.core.RewardResult;
import dev.arbiter.core.Sample;
import dev.arbiter.core.engine.Evaluator;
import dev.arbiter.core.engine.RowCodec;
import dev.arbiter.core.spec.RewardRegistry;
import dev.arbiter.core.spec.RewardSpec;
import dev.arbiter.core.spec.SpecException;
import dev.arbiter.core.spec.SpecNode;
import dev.arbiter.core.spec.SpecParser;
import dev.arbiter.models.Judge;
import dev.arbiter.models.ModelParams;
import dev.arbiter.models.eureka.Candidate;
import dev.arbiter.models.eureka.CandidateValidator;
import dev.arbiter.models.eureka.EurekaJson;
import dev.arbiter.models.eureka.EurekaSearch;
import dev.arbiter.models.eureka.OfflineStats;
import dev.arbiter.models.eureka.Proposer;
import dev.arbiter.models.eureka.Reflection;
import dev.arbiter.models.eureka.ReflectionText;
import dev.arbiter.models.eureka.RewardVocabulary;
import dev.arbiter.models.eureka.RunLog;
import dev.arbiter.models.eureka.SearchState;
import dev.arbiter.models.eureka.Selection;
import dev.arbiter.models.remote.EndpointConfig;
import dev.arbiter.models.remote.OpenAiChat;
import dev.arbiter.models.remote.RemoteClient;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code arbiter eureka}: Eureka (catalog B12) as a reward-candidate search. {@code propose} asks an LLM for K reward
 * specs and validates them; the trainer trains a policy with each valid one and records its logs; {@code select}
 * picks the best and writes the reward reflection for the next {@code propose}; {@code evaluate} gives the engine's
 * offline statistics of candidates against a ground truth before any training.
 */
@Command(name = "eureka", mixinStandardHelpOptions = true,
        description = {"Eureka reward-candidate search (catalog B12).",
                "An LLM writes K reward specs (propose); the trainer trains a policy with each",
                "and records its logs; select keeps the best and writes the reward reflection",
                "for the next propose. evaluate scores candidates offline against a ground truth."})
final class EurekaCommand implements Runnable {
    static final ObjectMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** The command with its subcommands, wired to the registry and streams. */
    static CommandLine commandLine(RewardRegistry registry, PrintStream out, PrintStream err) {
        CommandLine cl = new CommandLine(new EurekaCommand());
        cl.addSubcommand(new CommandLine(new Propose(registry, out, err)));
        cl.addSubcommand(new CommandLine(new Evaluate(registry, out, err)));
        cl.addSubcommand(new CommandLine(new Select(out, err)));
        return cl;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }

    /** A usage problem with a message; becomes exit code 2. */
    static final class Usage extends Exception {
        Usage(String message) {
            super(message);
        }
    }

    /** An input that is missing or unreadable; becomes exit code 3. */
    static final class NoInput extends Exception {
        NoInput(String message) {
            super(message);
        }
    }

    static String read(Path p, String what) throws NoInput {
        if (!Files.isRegularFile(p) || !Files.isReadable(p)) {
            throw new NoInput("cannot read " + what + " " + p + (Files.exists(p) ? " (not a readable file)" : " (no such file)"));
        }
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new NoInput("cannot read " + what + " " + p + ": " + e.getMessage());
        }
    }

    static JsonNode readJson(Path p, String what) throws NoInput, Usage {
        String text = read(p, what);
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new Usage(what + " " + p + " is not valid JSON: " + e.getMessage());
        }
    }

    static void write(Path p, String text) throws IOException {
        Files.writeString(p, text, StandardCharsets.UTF_8);
    }

    static void writeJson(Path p, JsonNode n) throws IOException {
        write(p, JSON.writeValueAsString(n) + "\n");
    }

    static int fail(PrintStream err, Exception e) {
        err.println("arbiter eureka: " + e.getMessage());
        if (e instanceof Usage || e instanceof SpecException || e instanceof IllegalArgumentException) {
            return ExitCodes.USAGE;
        }
        return e instanceof NoInput ? ExitCodes.NO_INPUT : ExitCodes.FAILED;
    }

    static List<String> split(String s) {
        List<String> out = new ArrayList<>();
        if (s != null) {
            for (String p : s.split(",")) {
                if (!p.isBlank()) {
                    out.add(p.strip());
                }
            }
        }
        return out;
    }

    /** candidates.json in a directory, or the file itself. */
    static Path candidatesFile(Path p) {
        return Files.isDirectory(p) ? p.resolve("candidates.json") : p;
    }

    /** {@code arbiter eureka propose}. */
    @Command(name = "propose", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Ask an LLM for K candidate reward specs and validate them.",
                    "Each answer's ```yaml block is parsed and built with the registry. Writes",
                    "candidate-N.yaml, candidates.json (validation status, signatures, answers)",
                    "and messages.json (the conversation sent) to --out. Exit 0 when at least",
                    "one candidate was answered, 1 when no LLM call succeeded."})
    /** What the three subcommands share: their streams, the registry, and turning failures into exit codes. */
    abstract static class Step implements Callable<Integer> {
        final RewardRegistry registry;
        final PrintStream stdout;
        final PrintStream stderr;

        Step(RewardRegistry registry, PrintStream stdout, PrintStream stderr) {
            this.registry = registry;
            this.stdout = stdout;
            this.stderr = stderr;
        }

        abstract int run() throws Usage, NoInput, IOException, InterruptedException;

        @Override
        public final Integer call() {
            try {
                return run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stderr.println("arbiter eureka: interrupted");
                return ExitCodes.FAILED;
            } catch (Usage | NoInput | IOException | RuntimeException e) {
                return fail(stderr, e);
            }
        }
    }

    static final class Propose extends Step {
        @Option(names = "--task", required = true, paramLabel = "FILE", description = "The task description (text).")
        Path task;

        @Option(names = "--endpoint", required = true, paramLabel = "MAP|FILE",
                description = "The LLM: an endpoint map as model specs take it, inline ({base_url: …, model: …, "
                        + "api_key_env: …}) or a YAML/JSON file.")
        String endpoint;

        @Option(names = "--k", paramLabel = "N", defaultValue = "3", description = "Candidates to ask for (default: ${DEFAULT-VALUE}, Eureka's).")
        int k;

        @Option(names = "--reflection", paramLabel = "FILE", description = "The previous iteration's reflection (select's reflection.md).")
        Path reflection;

        @Option(names = "--types", paramLabel = "A,B", description = "Offer only these reward types or families (core's composition types always).")
        String types;

        @Option(names = "--temperature", paramLabel = "X", defaultValue = "1.0", description = "Sampling temperature (default: ${DEFAULT-VALUE}).")
        double temperature;

        @Option(names = "--max-tokens", paramLabel = "N", defaultValue = "4096", description = "Generation limit per answer (default: ${DEFAULT-VALUE}).")
        int maxTokens;

        @Option(names = "--seed", paramLabel = "N", defaultValue = "0", description = "Seed of candidate 0; candidate i gets seed + i (default: ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "10m", description = "Budget per candidate, retries included (default: ${DEFAULT-VALUE}).")
        String timeout;

        @Option(names = "--prompt", paramLabel = "FILE", description = "A prompt file with {{reward_types}} and {{task}} (default: the built-in eureka_propose).")
        String prompt;

        @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory.")
        Path out;

        Propose(RewardRegistry registry, PrintStream stdout, PrintStream stderr) {
            super(registry, stdout, stderr);
        }

        @Override
        int run() throws Usage, NoInput, IOException, InterruptedException {
            String taskText = read(task, "task file");
            if (taskText.isBlank()) {
                throw new Usage("the task file " + task + " is empty");
            }
            Reflection previous = reflection == null ? null : Reflection.parse(read(reflection, "reflection"));
            EndpointConfig cfg = endpoint(endpoint);
            Duration budget;
            try {
                budget = SpecDurations.parse(timeout);
            } catch (IllegalArgumentException e) {
                throw new Usage("--timeout: " + e.getMessage());
            }
            Proposer.Sampling sampling;
            try {
                sampling = new Proposer.Sampling(k, temperature, maxTokens, seed, budget);
            } catch (IllegalArgumentException e) {
                throw new Usage(e.getMessage());
            }
            RewardVocabulary vocab = RewardVocabulary.of(registry, split(types));
            Files.createDirectories(out);
            Proposer.Proposal prop;
            try (RewardRegistry offered = vocab.registry()) {
                Judge llm = new OpenAiChat(RemoteClient.create(cfg, cfg.secret(ModelParams.ENV)));
                Proposer p = new Proposer(llm, Proposer.prompt(prompt), vocab, new CandidateValidator(offered));
                prop = p.propose(taskText, previous, sampling);
            }
            for (Candidate c : prop.candidates()) {
                Path f = out.resolve(c.fileName());
                Files.deleteIfExists(f);
                if (c.specText() != null) {
                    write(f, c.specText() + "\n");
                }
            }
            ObjectNode json = JSON.createObjectNode();
            json.put("k", k);
            json.put("seed", seed);
            json.put("temperature", temperature);
            json.put("max_tokens", maxTokens);
            if (cfg.model() == null) {
                json.putNull("model");
            } else {
                json.put("model", cfg.model());
            }
            json.put("valid", prop.valid());
            ArrayNode offeredTypes = json.putArray("types");
            vocab.types().forEach(t -> offeredTypes.add(t.name()));
            json.set("candidates", EurekaJson.candidates(prop.candidates()));
            writeJson(out.resolve("candidates.json"), json);
            ArrayNode msgs = JSON.createArrayNode();
            for (Judge.Message m : prop.messages()) {
                msgs.addObject().put("role", m.role()).put("content", m.text());
            }
            writeJson(out.resolve("messages.json"), msgs);
            for (Candidate c : prop.candidates()) {
                stdout.println(c.fileName() + "  " + (c.valid() ? "valid    " + c.signatureId() : "invalid  " + firstLine(c.error())));
            }
            stdout.println(prop.valid() + " of " + k + " candidates valid; " + out.resolve("candidates.json"));
            if (prop.answered() == 0) {
                stderr.println("arbiter eureka: no candidate was answered (see candidates.json for the errors)");
                return ExitCodes.FAILED;
            }
            return ExitCodes.OK;
        }

        static EndpointConfig endpoint(String mapOrFile) throws Usage {
            SpecNode node;
            try {
                Path p = mapOrFile.contains("\n") || mapOrFile.strip().startsWith("{") ? null : Path.of(mapOrFile);
                node = p != null && Files.isRegularFile(p) ? new SpecParser().parseFile(p) : new SpecParser().parse("--endpoint", mapOrFile);
                return EndpointConfig.fromJson(node.node(), ModelParams.ENV);
            } catch (SpecException | IllegalArgumentException e) {
                throw new Usage("--endpoint: " + e.getMessage());
            }
        }

        private static String firstLine(String s) {
            int i = s.indexOf('\n');
            return i < 0 ? s : s.substring(0, i) + " …";
        }
    }

    /** {@code arbiter eureka evaluate}. */
    @Command(name = "evaluate", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Offline statistics of candidate specs over rollouts vs a ground truth.",
                    "Per candidate: n, mean, min, max, std of the score and of each component, and",
                    "their Pearson correlation with the ground truth (another spec's scores or a",
                    "numeric field). A pre-filter before training runs. JSON to --out (or stdout)."})
    static final class Evaluate extends Step {
        @Parameters(arity = "0..*", paramLabel = "SPEC", description = "Candidate specs (files, inline text or type names).")
        List<String> specs = new ArrayList<>();

        @Option(names = "--candidates", paramLabel = "DIR|FILE", description = "Also every valid candidate of a propose output (candidates.json).")
        Path candidates;

        @Option(names = "--in", required = true, paramLabel = "FILE", description = "Rollouts: JSONL, one sample per line (the fields of 'score').")
        Path in;

        @Option(names = "--ground-truth", paramLabel = "SPEC", description = "The ground-truth reward spec.")
        String groundTruth;

        @Option(names = "--ground-truth-field", paramLabel = "PATH", description = "Or a numeric field of each row holding the ground truth (dotted path).")
        String groundTruthField;

        @Option(names = "--out", paramLabel = "FILE", description = "Write the JSON report here (and a table to stdout).")
        Path out;

        @Option(names = "--threads", paramLabel = "N", description = "Samples scored at once (default: the number of cores).")
        Integer threads;

        @Option(names = "--response-field", paramLabel = "PATH", description = "Field holding the response.")
        String responseField;

        @Option(names = "--reference-field", paramLabel = "PATH", description = "Field holding the reference.")
        String referenceField;

        @Option(names = "--prompt-field", paramLabel = "PATH", description = "Field holding the prompt.")
        String promptField;

        @Option(names = "--data-source-field", paramLabel = "PATH", description = "Field naming the task.")
        String dataSourceField;

        @Option(names = "--meta-field", paramLabel = "PATH", description = "Field with free metadata.")
        String metaField;

        Evaluate(RewardRegistry registry, PrintStream stdout, PrintStream stderr) {
            super(registry, stdout, stderr);
        }

        private record Named(int index, String name, RewardSpec spec, String error) {
        }

        @Override
        int run() throws Usage, NoInput, IOException, InterruptedException {
            if (groundTruth != null && groundTruthField != null) {
                throw new Usage("give --ground-truth or --ground-truth-field, not both");
            }
            List<Named> named = new ArrayList<>();
            if (candidates != null) {
                Path file = candidatesFile(candidates);
                List<Candidate> cs;
                try {
                    cs = EurekaJson.candidatesFromJson(readJson(file, "candidates file"));
                } catch (IllegalArgumentException e) {
                    throw new Usage(file + ": " + e.getMessage());
                }
                for (Candidate c : cs) {
                    if (!c.valid()) {
                        named.add(new Named(c.index(), c.fileName(), null, c.error()));
                        continue;
                    }
                    try {
                        named.add(new Named(c.index(), c.fileName(), RewardSpec.fromNode(
                                new SpecParser().parse(c.fileName(), c.specText()), registry), null));
                    } catch (SpecException | IllegalArgumentException e) {
                        named.add(new Named(c.index(), c.fileName(), null, e.getMessage()));
                    }
                }
            }
            for (String s : specs) {
                try {
                    named.add(new Named(named.size(), s.contains("\n") ? "<inline>" : s, RewardSpec.resolve(s, registry), null));
                } catch (SpecException e) {
                    throw new Usage("invalid spec " + s + ": " + e.getMessage());
                }
            }
            if (named.isEmpty()) {
                throw new Usage("no candidate specs: give SPEC arguments or --candidates");
            }
            RewardSpec gtSpec = null;
            if (groundTruth != null) {
                try {
                    gtSpec = RewardSpec.resolve(groundTruth, registry);
                } catch (SpecException e) {
                    throw new Usage("invalid ground-truth spec: " + e.getMessage());
                }
            }
            if (!Files.isRegularFile(in) || !Files.isReadable(in)) {
                throw new NoInput("cannot read input file " + in + (Files.exists(in) ? " (not a readable file)" : " (no such file)"));
            }
            FieldMapping fields = new FieldMapping(null, dataSourceField, promptField, responseField, referenceField, null,
                    metaField, "reward");
            JsonRowCodec codec = new JsonRowCodec(fields, "line", 64 << 20, 4_000_000, "");
            List<Sample> samples = new ArrayList<>();
            List<Double> fieldTruth = new ArrayList<>();
            int skipped = 0;
            try (InputStream is = Files.newInputStream(in)) {
                JsonlReader reader = new JsonlReader(is, 64 << 20);
                long index = 0;
                while (reader.hasNext()) {
                    RowCodec.Prepared<ObjectNode> p = codec.prepare(index++, reader.next());
                    if (p.sample() == null) {
                        skipped++;
                        continue;
                    }
                    samples.add(p.sample());
                    if (groundTruthField != null) {
                        JsonNode v = FieldMapping.get(p.row(), groundTruthField);
                        fieldTruth.add(v != null && v.isNumber() ? v.asDouble() : Double.NaN);
                    }
                }
            }
            if (samples.isEmpty()) {
                throw new NoInput("no readable samples in " + in + (skipped > 0 ? " (" + skipped + " rows skipped)" : ""));
            }
            int n = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
            if (n < 1) {
                throw new Usage("--threads (" + n + ") must be at least 1");
            }
            ObjectNode json = JSON.createObjectNode();
            json.put("input", in.toString());
            json.put("samples", samples.size());
            json.put("skipped", skipped);
            List<String> table = new ArrayList<>();
            try (Evaluator ev = new Evaluator(n)) {
                double[] truth = null;
                if (gtSpec != null) {
                    List<RewardResult> gt = OfflineStats.score(ev, gtSpec, samples);
                    truth = OfflineStats.groundTruth(gt);
                    json.put("ground_truth", gtSpec.signature());
                } else if (groundTruthField != null) {
                    truth = fieldTruth.stream().mapToDouble(Double::doubleValue).toArray();
                    json.put("ground_truth", "field:" + groundTruthField);
                } else {
                    json.putNull("ground_truth");
                }
                ArrayNode arr = json.putArray("candidates");
                for (Named c : named) {
                    ObjectNode o = arr.addObject();
                    o.put("index", c.index());
                    o.put("name", c.name());
                    if (c.spec() == null) {
                        o.put("valid", false);
                        o.put("error", c.error());
                        table.add(String.format(Locale.ROOT, "%-3d %-24s invalid", c.index(), clip(c.name())));
                        continue;
                    }
                    o.put("valid", true);
                    o.put("signature", c.spec().signature());
                    o.put("signature_id", c.spec().signatureId());
                    OfflineStats.Report r = OfflineStats.report(OfflineStats.score(ev, c.spec(), samples), truth);
                    o.setAll(EurekaJson.report(r));
                    table.add(String.format(Locale.ROOT, "%-3d %-24s %6d/%-6d %9.4f %9s", c.index(), clip(c.name()), r.ok(),
                            r.samples(), r.score().mean(),
                            r.score().correlation() == null ? "-" : String.format(Locale.ROOT, "%.4f", r.score().correlation())));
                }
            }
            String text = JSON.writeValueAsString(json) + "\n";
            if (out != null) {
                Path parent = out.toAbsolutePath().getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
                write(out, text);
                stdout.println(String.format(Locale.ROOT, "%-3s %-24s %13s %9s %9s", "#", "candidate", "ok/samples", "mean", "corr"));
                table.forEach(stdout::println);
            } else {
                stdout.print(text);
            }
            return ExitCodes.OK;
        }

        private static String clip(String s) {
            return s.length() <= 24 ? s : "…" + s.substring(s.length() - 23);
        }
    }

    /** {@code arbiter eureka select}. */
    @Command(name = "select", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Pick the best training run and write the reward reflection.",
                    "Reads the trainer's runs (per candidate: status or error, fitness history,",
                    "component logs, optional reward/gt_reward or correlation), selects the first",
                    "candidate of maximal fitness, writes selection.json (index, fitness,",
                    "execute_rate) and reflection.md (for propose --reflection) to --out. When",
                    "every candidate failed (K > 1) the previous reflection is kept."})
    static final class Select extends Step {
        @Option(names = "--runs", required = true, paramLabel = "FILE", description = "The runs JSON the trainer wrote.")
        Path runs;

        @Option(names = "--candidates", paramLabel = "DIR|FILE", description = "The propose output (candidates.json): K, validation failures, answers.")
        Path candidates;

        @Option(names = "--reflection", paramLabel = "FILE", description = "The reflection this iteration was proposed from.")
        Path reflection;

        @Option(names = "--offline", paramLabel = "FILE", description = "An evaluate report: its correlations fill runs that have none.")
        Path offline;

        @Option(names = "--state", paramLabel = "FILE", description = "The search state across iterations (read if present, then updated).")
        Path state;

        @Option(names = "--reflection-prompt", paramLabel = "FILE", description = "The reflection wording (default: the built-in eureka_reflection).")
        Path reflectionPrompt;

        @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory.")
        Path out;

        Select(PrintStream stdout, PrintStream stderr) {
            super(null, stdout, stderr);
        }

        @Override
        int run() throws Usage, NoInput, IOException {
            List<RunLog> logs;
            try {
                logs = RunLog.listFromJson(readJson(runs, "runs file"));
            } catch (IllegalArgumentException e) {
                throw new Usage(runs + ": " + e.getMessage());
            }
            List<Candidate> cands = null;
            if (candidates != null) {
                Path file = candidatesFile(candidates);
                try {
                    cands = EurekaJson.candidatesFromJson(readJson(file, "candidates file"));
                } catch (IllegalArgumentException e) {
                    throw new Usage(file + ": " + e.getMessage());
                }
            }
            Path base = runs.toAbsolutePath().getParent();
            List<RunLog> resolved = new ArrayList<>();
            for (RunLog r : logs) {
                resolved.add(withSpecText(r, base));
            }
            if (offline != null) {
                Map<Integer, Double> corr = offlineCorrelations(readJson(offline, "offline report"));
                for (int i = 0; i < resolved.size(); i++) {
                    Double c = corr.get(resolved.get(i).index());
                    if (c != null) {
                        resolved.set(i, resolved.get(i).withCorrelationIfAbsent(c));
                    }
                }
            }
            Reflection previous = reflection == null ? null : Reflection.parse(read(reflection, "reflection"));
            ReflectionText text = reflectionPrompt == null ? ReflectionText.builtIn() : ReflectionText.load(reflectionPrompt);
            EurekaSearch.Outcome o;
            try {
                o = EurekaSearch.iterate(cands, resolved, previous, text);
            } catch (IllegalArgumentException e) {
                throw new Usage(e.getMessage());
            }
            Files.createDirectories(out);
            writeJson(out.resolve("selection.json"), EurekaJson.selection(o));
            write(out.resolve("reflection.md"), o.reflection() == null ? "" : o.reflection().render());
            if (state != null) {
                SearchState s = Files.exists(state) ? SearchState.fromJson(readJson(state, "state file")) : SearchState.empty();
                s = s.next(o);
                writeJson(state, s.toJson());
            }
            Selection sel = o.selection();
            if (sel.allFailed()) {
                stdout.println(String.format(Locale.ROOT, "all %d candidates failed: execute rate 0; repeat the iteration "
                        + "from the previous reflection (%s)", sel.k(), out.resolve("reflection.md")));
            } else {
                stdout.println(String.format(Locale.ROOT, "best: candidate %d, fitness %.4f, execute rate %.2f%s", sel.index(),
                        sel.fitness(), sel.executeRate(),
                        o.correlation() == null ? "" : String.format(Locale.ROOT, ", correlation %.4f", o.correlation())));
            }
            return ExitCodes.OK;
        }

        /** A run's {@code spec} naming a file (relative to the runs file, or as given) is replaced by its text. */
        private static RunLog withSpecText(RunLog r, Path base) throws IOException {
            String s = r.spec();
            if (s == null || s.contains("\n") || s.length() > 4096) {
                return r;
            }
            Path p;
            try {
                p = Path.of(s);
            } catch (RuntimeException e) {
                return r;
            }
            Path f = !p.isAbsolute() && base != null && Files.isRegularFile(base.resolve(p)) ? base.resolve(p) : p;
            if (!Files.isRegularFile(f)) {
                return r;
            }
            return new RunLog(r.index(), r.executed(), r.error(), r.fitness(), r.components(), r.reward(), r.groundTruth(),
                    r.givenCorrelation(), Files.readString(f, StandardCharsets.UTF_8).strip());
        }

        private static Map<Integer, Double> offlineCorrelations(JsonNode n) throws Usage {
            JsonNode arr = n.get("candidates");
            if (arr == null || !arr.isArray()) {
                throw new Usage("--offline: expected an evaluate report with a 'candidates' array");
            }
            Map<Integer, Double> out = new HashMap<>();
            for (JsonNode c : arr) {
                JsonNode r = c.path("score").path("correlation");
                if (c.path("index").isIntegralNumber() && r.isNumber()) {
                    out.put(c.get("index").asInt(), r.asDouble());
                }
            }
            return out;
        }
    }
}
