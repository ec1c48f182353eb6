package dev.arbiter.sql.engine;

import java.util.Arrays;
import java.util.HexFormat;

/** A BLOB value of a result row; equal to another blob with the same bytes (never to a string). */
public record Blob(byte[] bytes) implements Comparable<Blob> {
    public Blob {
        bytes = bytes.clone();
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    int length() {
        return bytes.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Blob b && Arrays.equals(bytes, b.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public int compareTo(Blob o) {
        return Arrays.compareUnsigned(bytes, o.bytes);
    }

    @Override
    public String toString() {
        return "x'" + HexFormat.of().formatHex(bytes) + "'";
    }
}
