package dev.arbiter.code;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One row of the language table: how to turn source code into a running program.
 *
 * <p>Command templates may use {@code {source}} (the source file name), {@code {main}} (the source file name without
 * its extension, or the main class found by {@code mainClassPattern}) and {@code {memory_mb}} (the run's memory
 * limit in MiB). The first word of a command is an absolute path inside the sandbox or a program name looked up in
 * {@link #SEARCH_PATH} on the host and resolved through symlinks (so {@code /usr/bin/javac →
 * /etc/alternatives/javac → /usr/lib/jvm/…/bin/javac} works although {@code /etc} is not in the sandbox).
 *
 * @param name             the canonical name, such as {@code python}
 * @param aliases          other accepted names, such as {@code python3}
 * @param sourceFile       the file the code is written to, such as {@code main.py}
 * @param mainClassPattern a regular expression whose first group names the source file's main type (Java's
 *                         public class); empty for none
 * @param compile          the compile command, or empty for interpreted languages
 * @param run              the run command
 * @param memoryExtraMb    address space added on top of the memory limit, for runtimes that reserve virtual memory
 *                         up front (JVM, V8); their heap is capped with {@code {memory_mb}} instead
 * @param extraProcesses   processes/threads added to the limit (JVM and V8 start helper threads)
 * @param extraOpenFiles   file descriptors added to the limit
 * @param readOnlyBinds    host paths the toolchain needs besides {@code /usr} (a trailing {@code *} matches names in
 *                         that directory); missing paths are skipped
 * @param memoryMarkers    strings in standard error that mean the program ran out of memory
 * @param fenceTags        markdown fence info strings that mark a code block in this language
 */
public record Language(String name, List<String> aliases, String sourceFile, String mainClassPattern,
                       List<String> compile, List<String> run, int memoryExtraMb, int extraProcesses,
                       int extraOpenFiles, List<String> readOnlyBinds, List<String> memoryMarkers,
                       List<String> fenceTags) {

    /** Host directories searched for toolchain programs, in order. All are under {@code /usr}. */
    public static final List<Path> SEARCH_PATH = List.of(Path.of("/usr/local/bin"), Path.of("/usr/bin"));

    public Language {
        Objects.requireNonNull(name, "name");
        aliases = List.copyOf(aliases);
        Objects.requireNonNull(sourceFile, "sourceFile");
        if (sourceFile.isEmpty() || sourceFile.contains("/")) {
            throw new IllegalArgumentException("source_file of " + name + " must be a plain file name: " + sourceFile);
        }
        mainClassPattern = mainClassPattern == null ? "" : mainClassPattern;
        compile = List.copyOf(compile);
        run = List.copyOf(run);
        if (run.isEmpty()) {
            throw new IllegalArgumentException("language " + name + " needs a run command");
        }
        if (memoryExtraMb < 0 || extraProcesses < 0 || extraOpenFiles < 0) {
            throw new IllegalArgumentException("language " + name + ": extras must not be negative");
        }
        readOnlyBinds = List.copyOf(readOnlyBinds);
        memoryMarkers = List.copyOf(memoryMarkers);
        fenceTags = fenceTags.stream().map(t -> t.toLowerCase(Locale.ROOT)).toList();
    }

    public boolean compiled() {
        return !compile.isEmpty();
    }

    /** Whether {@code nameOrAlias} (case-insensitive) names this language. */
    public boolean answersTo(String nameOrAlias) {
        String n = nameOrAlias.toLowerCase(Locale.ROOT);
        return name.equalsIgnoreCase(n) || aliases.stream().anyMatch(a -> a.equalsIgnoreCase(n));
    }

    /** The file name the given code is written to (Java: its public class name plus {@code .java}). */
    public String sourceFileFor(String code) {
        String main = mainNameFor(code);
        int dot = sourceFile.lastIndexOf('.');
        String ext = dot >= 0 ? sourceFile.substring(dot) : "";
        return mainClassPattern.isEmpty() ? sourceFile : main + ext;
    }

    /** The value of {@code {main}} for the given code. */
    public String mainNameFor(String code) {
        if (!mainClassPattern.isEmpty()) {
            Matcher m = Pattern.compile(mainClassPattern).matcher(code);
            if (m.find()) {
                return m.group(1);
            }
        }
        int dot = sourceFile.lastIndexOf('.');
        return dot >= 0 ? sourceFile.substring(0, dot) : sourceFile;
    }

    /**
     * A command template with its placeholders filled and its program resolved on the host.
     *
     * @throws ToolchainMissingException when the program is not installed
     */
    public List<String> command(List<String> template, Map<String, String> vars) throws ToolchainMissingException {
        List<String> out = new ArrayList<>(template.size());
        for (String word : template) {
            String w = word;
            for (Map.Entry<String, String> v : vars.entrySet()) {
                w = w.replace("{" + v.getKey() + "}", v.getValue());
            }
            out.add(w);
        }
        String program = out.get(0);
        if (!program.startsWith("/")) {
            out.set(0, resolveProgram(program).orElseThrow(() -> new ToolchainMissingException(
                    "the " + name + " toolchain is not installed: '" + program + "' is not in "
                            + SEARCH_PATH)).toString());
        }
        return out;
    }

    /** Whether every program this language needs is installed on the host. */
    public Optional<String> missingToolchain() {
        for (List<String> cmd : List.of(compile, run)) {
            if (!cmd.isEmpty() && !cmd.get(0).startsWith("/") && resolveProgram(cmd.get(0)).isEmpty()) {
                return Optional.of("the " + name + " toolchain is not installed: '" + cmd.get(0) + "' not found");
            }
        }
        return Optional.empty();
    }

    /** The host paths to bind read-only for this language, with {@code *} patterns expanded. */
    public List<Path> hostBinds() {
        List<Path> out = new ArrayList<>();
        for (String b : readOnlyBinds) {
            if (b.endsWith("*")) {
                Path dir = Path.of(b).getParent();
                String prefix = Path.of(b).getFileName().toString();
                prefix = prefix.substring(0, prefix.length() - 1);
                if (dir == null || !Files.isDirectory(dir)) {
                    continue;
                }
                try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
                    for (Path p : ds) {
                        if (p.getFileName().toString().startsWith(prefix)) {
                            out.add(p);
                        }
                    }
                } catch (IOException e) {
                    // skip what cannot be listed
                }
            } else if (Files.exists(Path.of(b))) {
                out.add(Path.of(b));
            }
        }
        out.sort(null);
        return out;
    }

    static Optional<Path> resolveProgram(String program) {
        if (program.contains("/")) {
            return Optional.empty();
        }
        for (Path dir : SEARCH_PATH) {
            Path p = dir.resolve(program);
            if (Files.isExecutable(p)) {
                try {
                    Path real = p.toRealPath();
                    if (real.startsWith("/usr/")) {
                        return Optional.of(real);
                    }
                } catch (IOException e) {
                    // broken link: keep looking
                }
            }
        }
        return Optional.empty();
    }

    /** A toolchain program is not installed on this machine. */
    public static final class ToolchainMissingException extends Exception {
        private static final long serialVersionUID = 1L;

        public ToolchainMissingException(String message) {
            super(message, null, false, false);
        }
    }
}
