package dev.arbiter.sql.engine;

import dev.arbiter.core.InvalidInputException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * The folder that holds the databases a reward may open. Every database a sample names is resolved under it, and a
 * name that would leave it (an absolute path, a {@code ..} segment, a symbolic link that points outside) is refused
 * with {@link InvalidInputException}. Immutable and thread-safe.
 */
public final class DatabaseRoot {
    private static final Pattern DB_ID = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.\\-]{0,199}");

    private final Path root;
    private final Path realRoot;

    private DatabaseRoot(Path root, Path realRoot) {
        this.root = root;
        this.realRoot = realRoot;
    }

    /**
     * The root at {@code path}; a relative path resolves against the process working directory.
     *
     * @throws IllegalArgumentException when it is not an existing directory
     */
    public static DatabaseRoot of(String path) {
        Path p;
        try {
            p = Path.of(path).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("'" + path + "' is not a valid path: " + e.getReason());
        }
        if (!Files.isDirectory(p)) {
            throw new IllegalArgumentException("'" + path + "' (" + p + ") is not a directory");
        }
        try {
            return new DatabaseRoot(p, p.toRealPath());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The root as given, made absolute. */
    public Path path() {
        return root;
    }

    /** The root with symbolic links resolved; {@link #resolve} returns paths inside it. */
    public Path realPath() {
        return realRoot;
    }

    /** How a resolved database is named in reasons: its path relative to the root. */
    public String nameOf(Path resolved) {
        return resolved.startsWith(realRoot) ? realRoot.relativize(resolved).toString() : resolved.toString();
    }

    /**
     * The database file a reference names with a path relative to the root, for example {@code shop/shop.sqlite}.
     *
     * @return the file's real path (symbolic links resolved), which lies inside the root
     * @throws InvalidInputException when the name is empty, absolute, leaves the root, or names no regular file
     */
    public Path resolve(String relative) {
        if (relative == null || relative.isBlank()) {
            throw new InvalidInputException("the reference names an empty database path");
        }
        String shown = abbreviate(relative);
        Path rel;
        try {
            rel = Path.of(relative);
        } catch (InvalidPathException e) {
            throw new InvalidInputException("database path '" + shown + "' is not a valid path");
        }
        if (rel.isAbsolute() || relative.startsWith("/") || relative.startsWith("\\") || rel.getRoot() != null) {
            throw new InvalidInputException("database path '" + shown + "' is absolute; it must be relative to db_root");
        }
        for (Path part : rel) {
            if (part.toString().equals("..")) {
                throw new InvalidInputException("database path '" + shown + "' leaves db_root (it contains '..')");
            }
        }
        Path candidate = root.resolve(rel).normalize();
        if (!candidate.startsWith(root)) {
            throw new InvalidInputException("database path '" + shown + "' leaves db_root");
        }
        Path real;
        try {
            real = candidate.toRealPath();
        } catch (IOException e) {
            throw new InvalidInputException("database '" + shown + "' does not exist under db_root");
        }
        if (!real.startsWith(realRoot)) {
            throw new InvalidInputException("database path '" + shown + "' leaves db_root through a symbolic link");
        }
        if (!Files.isRegularFile(real)) {
            throw new InvalidInputException("database path '" + shown + "' is not a file");
        }
        return real;
    }

    /** The database of a Spider/BIRD {@code db_id}: {@code <root>/<db_id>/<db_id>.sqlite}. */
    public Path resolveDbId(String dbId) {
        if (dbId == null || !DB_ID.matcher(dbId).matches() || dbId.equals(".") || dbId.equals("..")) {
            throw new InvalidInputException("db_id '" + abbreviate(String.valueOf(dbId))
                    + "' is not a plain name (letters, digits, '_', '-', '.')");
        }
        return resolve(dbId + "/" + dbId + ".sqlite");
    }

    @Override
    public String toString() {
        return root.toString();
    }

    private static String abbreviate(String s) {
        String clean = s.replace('\u0000', '?');
        return clean.length() <= 80 ? clean : clean.substring(0, 77) + "...";
    }
}
