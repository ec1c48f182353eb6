package dev.arbiter.models.judge;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arbiter.core.Deadline;
import dev.arbiter.core.InvalidInputException;
import dev.arbiter.core.Prompt;
import dev.arbiter.core.References;
import dev.arbiter.core.Sample;
import dev.arbiter.core.spec.Param;
import dev.arbiter.core.spec.ParamKind;
import dev.arbiter.core.spec.Params;
import dev.arbiter.models.Judge;
import dev.arbiter.models.ModelParams;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/** What every judge type shares: its common parameters, the call, reading samples and images. */
public final class JudgeSupport {
    /**
     * Threads for the parallel calls of one sample (both orders, k critiques); the client bounds real concurrency.
     * One per registry, in its {@link dev.arbiter.core.spec.SharedResources}, closed with it.
     */
    static final class FanoutPool implements Executor, AutoCloseable {
        private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "arbiter-judge-fanout");
            t.setDaemon(true);
            return t;
        });

        @Override
        public void execute(Runnable command) {
            pool.execute(command);
        }

        @Override
        public void close() {
            pool.shutdownNow();
        }
    }

    private JudgeSupport() {
    }

    /** The call settings common to all judge types. */
    public record Settings(Judge judge, PromptTemplate prompt, double temperature, int maxTokens, Long seed,
                           int maxInputChars, boolean unparsedZero, Executor fanout) {

        /** The same settings with another sampling seed (k samples, retries). */
        public Settings withSeed(long newSeed) {
            return new Settings(judge, prompt, temperature, maxTokens, newSeed, maxInputChars, unparsedZero, fanout);
        }

        /** Runs {@code f} over {@code items} in parallel; the first failure (deadline, remote) is rethrown as is. */
        public <T, R> List<R> parallel(List<T> items, Function<T, R> f) {
            return JudgeSupport.parallel(items, f, fanout);
        }

        public Judge.Reply call(Map<String, String> slots, List<String> images, int n, int topLogprobs, Deadline deadline) {
            List<Judge.Message> msgs = new ArrayList<>();
            String sys = prompt.renderSystem(slots);
            if (sys != null) {
                msgs.add(Judge.Message.of("system", sys));
            }
            msgs.add(new Judge.Message("user", prompt.renderUser(slots), images));
            return judge.complete(new Judge.Request(msgs, temperature, maxTokens, n, topLogprobs, seed), deadline);
        }

        public Judge.Reply call(Map<String, String> slots, Deadline deadline) {
            return call(slots, List.of(), 1, 0, deadline);
        }

        /** The response, refused when absent or longer than {@code max_input_chars}. */
        public String response(Sample s) {
            return bounded(References.response(s), "response");
        }

        public String bounded(String text, String what) {
            if (text.length() > maxInputChars) {
                throw new InvalidInputException("the " + what + " is " + text.length() + " characters, over max_input_chars "
                        + maxInputChars);
            }
            return text;
        }
    }

    /** The common parameters, after the type's own; {@code maxTokens} is the type's default. */
    public static List<Param> parameters(String prompt, int maxTokens, double temperature) {
        return List.of(
                ModelParams.endpoint("endpoint", "the judge: an OpenAI-compatible chat-completions server"),
                Param.optional("prompt", ParamKind.STRING, prompt, "built-in prompt name, or a path to a prompt file"),
                Param.optional("temperature", ParamKind.DOUBLE, temperature, "sampling temperature"),
                Param.optional("max_tokens", ParamKind.INT, maxTokens, "generation limit per judge call"),
                Param.optional("seed", ParamKind.INT, null, "sampling seed sent to the server, when set"),
                Param.optional("max_input_chars", ParamKind.INT, 100_000, "longer responses are invalid_input"),
                Param.choice("unparsed", "error", List.of("error", "zero"),
                        "an unreadable judge answer: error (with the raw text), or score 0 as the authors' code does"));
    }

    public static List<Param> with(List<Param> own, List<Param> common) {
        List<Param> all = new ArrayList<>(own);
        all.addAll(common);
        return all;
    }

    public static Settings settings(Params p, Set<String> slots) {
        PromptTemplate t;
        try {
            t = PromptTemplate.load(p.string("prompt"), slots);
        } catch (IllegalArgumentException e) {
            throw p.error("prompt", e.getMessage());
        }
        if (p.integer("max_tokens") < 1) {
            throw p.error("max_tokens", "max_tokens must be at least 1");
        }
        Integer seed = p.isSet("seed") ? p.integer("seed") : null;
        return new Settings(ModelParams.judge(p, "endpoint"), t, p.number("temperature"), p.integer("max_tokens"),
                seed == null ? null : seed.longValue(), p.integer("max_input_chars"), p.string("unparsed").equals("zero"),
                fanout(p));
    }

    /** The registry's fan-out threads. */
    static Executor fanout(Params p) {
        return p.resources().computeIfAbsent(FanoutPool.class, FanoutPool.class, FanoutPool::new);
    }

    /** The user's request: the last user message of a chat prompt, or the text prompt. */
    public static String question(Sample s) {
        return s.prompt().lastUserText();
    }

    /** Earlier turns of a chat prompt as {@code role: content} lines; empty for a text prompt. */
    public static String history(Sample s) {
        if (!(s.prompt() instanceof Prompt.Chat c)) {
            return "";
        }
        List<Prompt.Message> m = c.messages();
        int last = m.size() - 1;
        while (last >= 0 && !m.get(last).role().equals("user")) {
            last--;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < last; i++) {
            sb.append(m.get(i).role().toUpperCase(Locale.ROOT)).append(": ").append(m.get(i).content()).append('\n');
        }
        return sb.toString().strip();
    }

    /** The reference answers joined with " or ". */
    public static String reference(Sample s) {
        return String.join(" or ", References.answers(s.reference()));
    }

    /**
     * The sample's images from {@code meta.images} (a list) or {@code meta.image}: http(s) URLs and {@code data:}
     * URIs pass through; file paths are read and sent inline as base64 {@code data:} URIs; anything else is taken as
     * bare base64 (PNG).
     */
    public static List<String> images(Sample s) {
        List<String> out = new ArrayList<>();
        JsonNode imgs = s.meta().get("images");
        if (imgs == null || imgs.isNull()) {
            imgs = s.meta().get("image");
        }
        if (imgs == null || imgs.isNull()) {
            return out;
        }
        if (imgs.isTextual()) {
            out.add(imageUrl(imgs.asText()));
        } else if (imgs.isArray()) {
            for (JsonNode i : imgs) {
                if (!i.isTextual()) {
                    throw new InvalidInputException("meta.images must hold strings (paths, URLs or base64)");
                }
                out.add(imageUrl(i.asText()));
            }
        } else {
            throw new InvalidInputException("meta.images must be a string or a list of strings");
        }
        return out;
    }

    static String imageUrl(String s) {
        String v = s.strip();
        String lower = v.toLowerCase(Locale.ROOT);
        if (lower.startsWith("http://") || lower.startsWith("https://") || lower.startsWith("data:")) {
            return v;
        }
        if (v.length() < 4096) {
            try {
                Path p = Path.of(v);
                if (Files.isRegularFile(p)) {
                    String mime = lower.endsWith(".jpg") || lower.endsWith(".jpeg") ? "image/jpeg"
                            : lower.endsWith(".webp") ? "image/webp" : lower.endsWith(".gif") ? "image/gif" : "image/png";
                    return "data:" + mime + ";base64," + Base64.getEncoder().encodeToString(Files.readAllBytes(p));
                }
            } catch (IOException | java.nio.file.InvalidPathException e) {
                throw new InvalidInputException("cannot read image " + References.abbreviate(v) + ": " + e.getMessage());
            }
        }
        try {
            Base64.getMimeDecoder().decode(v);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("the image is neither a URL, a readable file nor base64: " + References.abbreviate(v));
        }
        return "data:image/png;base64," + v;
    }

    private static <T, R> List<R> parallel(List<T> items, Function<T, R> f, Executor fanout) {
        if (items.size() == 1) {
            return List.of(f.apply(items.get(0)));
        }
        List<CompletableFuture<R>> fs = new ArrayList<>();
        for (T t : items) {
            fs.add(CompletableFuture.supplyAsync(() -> f.apply(t), fanout));
        }
        List<R> out = new ArrayList<>();
        try {
            for (CompletableFuture<R> c : fs) {
                out.add(c.get());
            }
        } catch (InterruptedException e) {
            fs.forEach(x -> x.cancel(true));
            Thread.currentThread().interrupt();
            throw new dev.arbiter.core.DeadlineExceededException("interrupted while waiting for the judge");
        } catch (java.util.concurrent.ExecutionException e) {
            fs.forEach(x -> x.cancel(true));
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        }
        return out;
    }
}
