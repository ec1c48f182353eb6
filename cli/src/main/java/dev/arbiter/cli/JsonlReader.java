package dev.arbiter.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Splits a byte stream into lines without decoding them (decoding and UTF-8 checks happen on the workers), with a
 * per-line size limit so one giant line cannot exhaust memory: a longer line keeps only a prefix and is marked
 * oversized. Lines holding only whitespace are skipped; a final line without a newline counts.
 */
final class JsonlReader implements Iterator<RawRecord> {
    static final int PREFIX_KEPT = 1024;

    private final InputStream in;
    private final int maxLineBytes;
    private final byte[] buf = new byte[1 << 16];
    private final AtomicLong bytesRead = new AtomicLong();
    private int pos;
    private int limit;
    private long lineNumber;
    private RawRecord next;
    private boolean eof;

    JsonlReader(InputStream in, int maxLineBytes) {
        this.in = in;
        this.maxLineBytes = maxLineBytes;
    }

    /** Bytes consumed so far; safe to read from another thread (for progress). */
    long bytesRead() {
        return bytesRead.get();
    }

    @Override
    public boolean hasNext() {
        while (next == null && !eof) {
            next = readLine();
        }
        return next != null;
    }

    @Override
    public RawRecord next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        RawRecord r = next;
        next = null;
        return r;
    }

    private RawRecord readLine() {
        byte[] line = new byte[256];
        int len = 0;
        long full = 0;
        boolean sawAny = false;
        try {
            while (true) {
                if (pos == limit) {
                    limit = in.read(buf, 0, buf.length);
                    pos = 0;
                    if (limit <= 0) {
                        limit = 0;
                        eof = true;
                        if (!sawAny) {
                            return null;
                        }
                        break;
                    }
                    bytesRead.addAndGet(limit);
                }
                sawAny = true;
                int start = pos;
                while (pos < limit && buf[pos] != '\n') {
                    pos++;
                }
                int chunk = pos - start;
                long room = (long) maxLineBytes - len;
                int keep = (int) Math.min(chunk, Math.max(0, room));
                if (keep > 0) {
                    if (len + keep > line.length) {
                        line = Arrays.copyOf(line, Math.max(len + keep, (int) Math.min(Integer.MAX_VALUE - 8, line.length * 2L)));
                    }
                    System.arraycopy(buf, start, line, len, keep);
                    len += keep;
                }
                full += chunk;
                if (pos < limit) {
                    pos++;
                    break;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        lineNumber++;
        if (full > maxLineBytes) {
            return new RawRecord(lineNumber, Arrays.copyOf(line, Math.min(len, PREFIX_KEPT)), true, full);
        }
        if (len > 0 && line[len - 1] == '\r') {
            len--;
        }
        if (isBlank(line, len)) {
            return null;
        }
        return new RawRecord(lineNumber, Arrays.copyOf(line, len), false, full);
    }

    private static boolean isBlank(byte[] b, int len) {
        for (int i = 0; i < len; i++) {
            if (b[i] != ' ' && b[i] != '\t' && b[i] != '\r') {
                return false;
            }
        }
        return true;
    }
}
