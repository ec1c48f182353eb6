package dev.arbiter.code;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arbiter.code.sandbox.Execution;
import dev.arbiter.code.sandbox.Limits;
import dev.arbiter.code.sandbox.Sandbox;
import dev.arbiter.code.sandbox.SandboxOverloadedException;
import dev.arbiter.code.sandbox.Termination;
import dev.arbiter.core.service.ServiceEndpoint;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code POST /run_code}, compatible with ByteDance SandboxFusion, so verl's {@code sandbox_fusion} code reward (and
 * any other client of that API) can point at Arbiter unchanged.
 *
 * <p>Request: {@code code} and {@code language} (required; SandboxFusion names such as {@code python}, {@code cpp},
 * {@code java}, {@code nodejs}, {@code bash}, plus Arbiter's {@code c}, {@code javascript} and aliases),
 * {@code compile_timeout} and {@code run_timeout} (seconds, default 10), {@code memory_limit_MB} (default from the
 * settings when absent or -1), {@code stdin}, {@code files} (relative path → base64), {@code fetch_files}.
 * Unknown fields are ignored. A malformed request gets 422 with FastAPI's {@code detail} list.
 *
 * <p>Response (always 200 for anything the program does): {@code status} {@code Success} (compiled and exited 0),
 * {@code Failed} (a compile error, non-zero exit, time or other limit) or {@code SandboxError};
 * {@code compile_result} and {@code run_result} with {@code status} {@code Finished}, {@code TimeLimitExceeded}
 * (wall or CPU limit) or {@code Error} (output over the cap; truncated), {@code execution_time} (seconds),
 * {@code return_code} ({@code -N} for death by signal N, as Python reports it; null when stopped by a limit),
 * {@code stdout}, {@code stderr}. Additive fields: {@code run_result.arbiter_status} (Arbiter's verdict:
 * {@code ok}, {@code runtime_error}, {@code time_limit}, {@code memory_limit}, {@code output_limit},
 * {@code sandbox_error}), {@code evidence}, {@code memory_exceeded}, {@code stdout_truncated},
 * {@code stderr_truncated}, and top-level {@code sandbox_backend}.
 *
 * <p>Overload: a request waits at most the configured time for a sandbox slot; when the queue is full or the wait
 * runs out it gets <b>504</b> with {@code Retry-After: 1}, the one status verl retries.
 *
 * <p>Loaded by {@link java.util.ServiceLoader}; the sandbox pool is created on the first request from
 * {@link RunCodeSettings#fromEnvironment()}. Thread-safe; never throws from {@link #handle}.
 */
public final class RunCodeEndpoint implements ServiceEndpoint, AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final double DEFAULT_TIMEOUT_S = 10.0;

    private final Object lock = new Object();
    private volatile RunCodeSettings settings;
    private volatile Sandbox sandbox;

    /** For {@link java.util.ServiceLoader}: settings from the environment, read on first use. */
    public RunCodeEndpoint() {
    }

    /** An endpoint with explicit settings (tests, embedding). */
    public RunCodeEndpoint(RunCodeSettings settings) {
        this.settings = settings;
    }

    @Override
    public String path() {
        return "/run_code";
    }

    @Override
    public String description() {
        return "SandboxFusion-compatible code execution in a bubblewrap sandbox (504 on overload)";
    }

    /** The pool, created on first use. */
    public Sandbox sandbox() {
        Sandbox s = sandbox;
        if (s != null) {
            return s;
        }
        synchronized (lock) {
            if (sandbox == null) {
                if (settings == null) {
                    settings = RunCodeSettings.fromEnvironment();
                }
                sandbox = new Sandbox(settings.sandbox());
            }
            return sandbox;
        }
    }

    private RunCodeSettings settings() {
        sandbox();
        return settings;
    }

    @Override
    public Response handle(byte[] body, Map<String, String> headers) {
        try {
            return handleRequest(body);
        } catch (RuntimeException | Error e) {
            ObjectNode err = JSON.createObjectNode();
            err.put("detail", "internal error: " + e);
            return json(500, err);
        }
    }

    private Response handleRequest(byte[] body) {
        RunCodeSettings cfg;
        try {
            cfg = settings();
        } catch (RuntimeException e) {
            return sandboxError("the sandbox is not configured: " + e.getMessage());
        }
        Request req;
        try {
            req = Request.parse(body, cfg);
        } catch (RequestException e) {
            return unprocessable(e.loc, e.getMessage());
        }
        Sandbox pool = sandbox();
        Optional<String> unavailable = pool.unavailableReason();
        if (unavailable.isPresent()) {
            return sandboxError(unavailable.get());
        }
        Limits run = Limits.defaults()
                .withTimes(req.runTimeout, req.runTimeout)
                .withMemoryBytes(req.memoryMb * Limits.MIB);
        run = new Limits(run.cpuTime(), run.wallTime(), run.memoryBytes(), run.processes(), run.openFiles(),
                run.fileSizeBytes(), cfg.outputCapBytes(), cfg.outputCapBytes(), run.scratchBytes());
        Limits compile = Limits.compilerDefaults().withTimes(req.compileTimeout, req.compileTimeout);
        CodeRunner runner = new CodeRunner(pool);
        try (CodeRunner.Program program = runner.prepare(req.language, req.code, req.files, compile,
                pool.config().maxQueueWait())) {
            ObjectNode out = JSON.createObjectNode();
            ObjectNode compileResult = program.compileExecution()
                    .map(e -> commandResult(e, req.language, CodeRunner.adjust(req.language, compile), true))
                    .orElse(null);
            if (program.compileFailure().isPresent()) {
                Verdict v = program.compileFailure().get();
                boolean sandboxFailed = v instanceof Verdict.SandboxError;
                out.put("status", sandboxFailed ? "SandboxError" : "Failed");
                out.put("message", sandboxFailed ? v.evidence() : "");
                out.set("compile_result", compileResult);
                out.putNull("run_result");
                return finish(out, Map.of(), pool);
            }
            Execution e = program.run(req.stdin, run, req.fetchFiles, pool.config().maxQueueWait());
            ObjectNode runResult = commandResult(e, req.language, run, false);
            boolean sandboxFailed = e.termination() instanceof Termination.SandboxFailure
                    && "sandbox_error".equals(runResult.path("arbiter_status").asText());
            out.put("status", sandboxFailed ? "SandboxError" : e.succeeded() ? "Success" : "Failed");
            out.put("message", sandboxFailed ? e.termination().describe() : "");
            out.set("compile_result", compileResult);
            out.set("run_result", runResult);
            return finish(out, e.fetchedFiles(), pool);
        } catch (SandboxOverloadedException e) {
            ObjectNode err = JSON.createObjectNode();
            err.put("detail", e.getMessage());
            return new Response(504, "application/json", bytes(err), Map.of("Retry-After", "1"));
        } catch (Language.ToolchainMissingException e) {
            return sandboxError(e.getMessage());
        } catch (IllegalArgumentException e) {
            return unprocessable("files", e.getMessage());
        } catch (IOException e) {
            return sandboxError("cannot write the program's files: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return sandboxError("the request was interrupted");
        }
    }

    private Response finish(ObjectNode out, Map<String, byte[]> fetched, Sandbox pool) {
        out.putNull("executor_pod_name");
        ObjectNode files = out.putObject("files");
        fetched.forEach((k, v) -> files.put(k, Base64.getEncoder().encodeToString(v)));
        out.put("sandbox_backend", pool.backend());
        return json(200, out);
    }

    private static ObjectNode commandResult(Execution e, Language lang, Limits limits, boolean compileStep) {
        ObjectNode r = JSON.createObjectNode();
        Optional<Verdict> failure = RunClassifier.failure(e, lang, limits);
        String arbiterStatus = failure.map(Verdict::status).orElse("ok");
        Termination t = e.termination();
        String status;
        if (failure.orElse(null) instanceof Verdict.TimeLimit) {
            status = "TimeLimitExceeded";
        } else if (t instanceof Termination.Exited) {
            status = "Finished";
        } else {
            status = "Error";
        }
        r.put("status", status);
        r.put("execution_time", e.wallTime().toNanos() / 1e9);
        if (t instanceof Termination.Exited x && !"TimeLimitExceeded".equals(status)) {
            r.put("return_code", x.signal() != 0 ? -x.signal() : x.code());
        } else {
            r.putNull("return_code");
        }
        r.put("stdout", e.stdoutText());
        r.put("stderr", e.stderrText());
        r.put("arbiter_status", compileStep && failure.isPresent() && !(failure.get() instanceof Verdict.SandboxError)
                ? "compile_error" : arbiterStatus);
        r.put("evidence", failure.map(Verdict::evidence).orElse(t.describe()));
        r.put("memory_exceeded", failure.orElse(null) instanceof Verdict.MemoryLimit);
        r.put("stdout_truncated", e.stdoutTruncated());
        r.put("stderr_truncated", e.stderrTruncated());
        return r;
    }

    private Response sandboxError(String message) {
        ObjectNode out = JSON.createObjectNode();
        out.put("status", "SandboxError");
        out.put("message", message);
        out.putNull("compile_result");
        out.putNull("run_result");
        out.putNull("executor_pod_name");
        out.putObject("files");
        return json(200, out);
    }

    private static Response unprocessable(String loc, String msg) {
        ObjectNode out = JSON.createObjectNode();
        ArrayNode detail = out.putArray("detail");
        ObjectNode d = detail.addObject();
        ArrayNode l = d.putArray("loc");
        l.add("body");
        if (loc != null) {
            l.add(loc);
        }
        d.put("msg", msg);
        d.put("type", "value_error");
        return json(422, out);
    }

    private static Response json(int status, ObjectNode body) {
        return new Response(status, "application/json", bytes(body), Map.of());
    }

    private static byte[] bytes(ObjectNode n) {
        try {
            return JSON.writeValueAsBytes(n);
        } catch (JsonProcessingException e) {
            return ("{\"detail\":\"cannot write the response\"}").getBytes(StandardCharsets.UTF_8);
        }
    }

    @Override
    public void close() {
        Sandbox s = sandbox;
        if (s != null) {
            s.close();
        }
    }

    private static final class RequestException extends Exception {
        private static final long serialVersionUID = 1L;
        final String loc;

        RequestException(String loc, String message) {
            super(message, null, false, false);
            this.loc = loc;
        }
    }

    /** A validated request. */
    private record Request(String code, Language language, Duration compileTimeout, Duration runTimeout, long memoryMb,
                           byte[] stdin, Map<String, byte[]> files, List<String> fetchFiles) {

        static Request parse(byte[] body, RunCodeSettings cfg) throws RequestException {
            JsonNode n;
            try {
                n = JSON.readTree(body);
            } catch (JsonProcessingException e) {
                throw new RequestException(null, "the body is not valid JSON: " + e.getOriginalMessage());
            } catch (IOException e) {
                throw new RequestException(null, "the body cannot be read: " + e.getMessage());
            }
            if (n == null || !n.isObject()) {
                throw new RequestException(null, "the body must be a JSON object");
            }
            JsonNode code = n.get("code");
            if (code == null || !code.isTextual()) {
                throw new RequestException("code", "field required: code (a string)");
            }
            JsonNode lang = n.get("language");
            if (lang == null || !lang.isTextual()) {
                throw new RequestException("language", "field required: language (a string)");
            }
            Language language = cfg.languages().find(lang.asText()).orElseThrow(() -> new RequestException("language",
                    "unsupported language '" + lang.asText() + "'; supported: " + String.join(", ",
                            cfg.languages().names())));
            Duration compile = seconds(n, "compile_timeout", cfg);
            Duration run = seconds(n, "run_timeout", cfg);
            JsonNode mem = n.get("memory_limit_MB");
            long memoryMb = cfg.defaultMemoryMb();
            if (mem != null && !mem.isNull()) {
                if (!mem.isNumber()) {
                    throw new RequestException("memory_limit_MB", "memory_limit_MB must be a number");
                }
                long m = mem.asLong();
                if (m > 0) {
                    memoryMb = Math.max(16, Math.min(m, cfg.maxMemoryMb()));
                }
            }
            JsonNode stdin = n.get("stdin");
            byte[] stdinBytes = null;
            if (stdin != null && !stdin.isNull()) {
                if (!stdin.isTextual()) {
                    throw new RequestException("stdin", "stdin must be a string or null");
                }
                stdinBytes = stdin.asText().getBytes(StandardCharsets.UTF_8);
            }
            Map<String, byte[]> files = new LinkedHashMap<>();
            JsonNode f = n.get("files");
            if (f != null && !f.isNull()) {
                if (!f.isObject()) {
                    throw new RequestException("files", "files must map paths to base64 strings");
                }
                for (Iterator<Map.Entry<String, JsonNode>> it = f.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    if (e.getValue() == null || e.getValue().isNull()) {
                        continue;
                    }
                    if (!e.getValue().isTextual()) {
                        throw new RequestException("files", "file " + e.getKey() + " must be a base64 string");
                    }
                    try {
                        files.put(e.getKey(), Base64.getDecoder().decode(e.getValue().asText()));
                    } catch (IllegalArgumentException ex) {
                        throw new RequestException("files", "file " + e.getKey() + " is not valid base64");
                    }
                }
            }
            List<String> fetch = new ArrayList<>();
            JsonNode ff = n.get("fetch_files");
            if (ff != null && !ff.isNull()) {
                if (!ff.isArray()) {
                    throw new RequestException("fetch_files", "fetch_files must be a list of paths");
                }
                for (JsonNode p : ff) {
                    if (!p.isTextual() || p.asText().isEmpty() || p.asText().contains("\n")
                            || p.asText().indexOf('\0') >= 0) {
                        throw new RequestException("fetch_files", "fetch_files must be a list of one-line paths");
                    }
                    fetch.add(p.asText());
                }
            }
            return new Request(code.asText(), language, compile, run, memoryMb, stdinBytes, files, fetch);
        }

        private static Duration seconds(JsonNode n, String key, RunCodeSettings cfg) throws RequestException {
            JsonNode v = n.get(key);
            double s = DEFAULT_TIMEOUT_S;
            if (v != null && !v.isNull()) {
                if (!v.isNumber() || !(v.asDouble() > 0) || !Double.isFinite(v.asDouble())) {
                    throw new RequestException(key, key + " must be a positive number of seconds");
                }
                s = v.asDouble();
            }
            Duration d = Duration.ofNanos((long) (s * 1e9));
            return d.compareTo(cfg.maxTimeout()) > 0 ? cfg.maxTimeout() : d;
        }
    }
}
