package dev.arbiter.models.onnx;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes small ONNX models (a {@code ModelProto}, opset 13) straight as protobuf bytes, for the tiny models the tests,
 * the examples and the benchmark build. It covers only what those need: float and int64 initializers, nodes with
 * int, float and ints attributes, and graph inputs and outputs with symbolic or fixed dimensions. Field numbers
 * follow {@code onnx.proto} (Apache-2.0). We write the bytes by hand rather than generate classes from a vendored
 * {@code onnx.proto}: about 150 lines against a protoc toolchain and a 2 MB generated class, for a format subset that
 * has not changed since ONNX 1.0.
 */
public final class OnnxGraph {
    /** ONNX tensor element types. */
    public static final int FLOAT = 1;
    public static final int INT64 = 7;

    private final List<byte[]> nodes = new ArrayList<>();
    private final List<byte[]> initializers = new ArrayList<>();
    private final List<byte[]> inputs = new ArrayList<>();
    private final List<byte[]> outputs = new ArrayList<>();
    private int nodeCount;

    /** A graph input or output: name, element type, and dimensions (Integer for fixed, String for symbolic). */
    public OnnxGraph input(String name, int elemType, Object... dims) {
        inputs.add(valueInfo(name, elemType, dims));
        return this;
    }

    public OnnxGraph output(String name, int elemType, Object... dims) {
        outputs.add(valueInfo(name, elemType, dims));
        return this;
    }

    public OnnxGraph floatInit(String name, float[] data, long... dims) {
        ByteBuffer bb = ByteBuffer.allocate(data.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : data) {
            bb.putFloat(f);
        }
        initializers.add(tensor(name, FLOAT, dims, bb.array()));
        return this;
    }

    public OnnxGraph longInit(String name, long[] data, long... dims) {
        ByteBuffer bb = ByteBuffer.allocate(data.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (long l : data) {
            bb.putLong(l);
        }
        initializers.add(tensor(name, INT64, dims, bb.array()));
        return this;
    }

    /** A node; attributes are name/value pairs: Integer or Long → int, Float → float, long[] → ints. */
    public OnnxGraph node(String op, String[] in, String[] out, Object... attrs) {
        Pb n = new Pb();
        for (String s : in) {
            n.string(1, s);
        }
        for (String s : out) {
            n.string(2, s);
        }
        n.string(3, op.toLowerCase() + "_" + (nodeCount++));
        n.string(4, op);
        for (int i = 0; i < attrs.length; i += 2) {
            Pb a = new Pb();
            a.string(1, (String) attrs[i]);
            Object v = attrs[i + 1];
            if (v instanceof Float f) {
                a.fixed32(2, Float.floatToIntBits(f));
                a.varint(20, 1);
            } else if (v instanceof Number num) {
                a.varint(3, num.longValue());
                a.varint(20, 2);
            } else if (v instanceof long[] ls) {
                for (long l : ls) {
                    a.varint(8, l);
                }
                a.varint(20, 7);
            } else {
                throw new IllegalArgumentException("unsupported attribute value " + v);
            }
            n.bytes(5, a.toBytes());
        }
        nodes.add(n.toBytes());
        return this;
    }

    /** The serialised {@code ModelProto}. */
    public byte[] toBytes(String graphName) {
        Pb g = new Pb();
        nodes.forEach(b -> g.bytes(1, b));
        g.string(2, graphName);
        initializers.forEach(b -> g.bytes(5, b));
        inputs.forEach(b -> g.bytes(11, b));
        outputs.forEach(b -> g.bytes(12, b));
        Pb opset = new Pb();
        opset.string(1, "");
        opset.varint(2, 13);
        Pb m = new Pb();
        m.varint(1, 8); // ir_version
        m.string(2, "arbiter-onnx-graph");
        m.bytes(7, g.toBytes());
        m.bytes(8, opset.toBytes());
        return m.toBytes();
    }

    private static byte[] tensor(String name, int type, long[] dims, byte[] raw) {
        Pb t = new Pb();
        for (long d : dims) {
            t.varint(1, d);
        }
        t.varint(2, type);
        t.string(8, name);
        t.bytes(9, raw);
        return t.toBytes();
    }

    private static byte[] valueInfo(String name, int elemType, Object[] dims) {
        Pb shape = new Pb();
        for (Object d : dims) {
            Pb dim = new Pb();
            if (d instanceof Number n) {
                dim.varint(1, n.longValue());
            } else {
                dim.string(2, d.toString());
            }
            shape.bytes(1, dim.toBytes());
        }
        Pb tt = new Pb();
        tt.varint(1, elemType);
        tt.bytes(2, shape.toBytes());
        Pb type = new Pb();
        type.bytes(1, tt.toBytes());
        Pb vi = new Pb();
        vi.string(1, name);
        vi.bytes(2, type.toBytes());
        return vi.toBytes();
    }

    /** The protobuf wire format: varints, length-delimited fields and fixed32. */
    private static final class Pb {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        void varint(int field, long v) {
            tag(field, 0);
            raw(v);
        }

        void fixed32(int field, int v) {
            tag(field, 5);
            for (int i = 0; i < 4; i++) {
                out.write((v >>> (8 * i)) & 0xFF);
            }
        }

        void string(int field, String s) {
            bytes(field, s.getBytes(StandardCharsets.UTF_8));
        }

        void bytes(int field, byte[] b) {
            tag(field, 2);
            raw(b.length);
            out.writeBytes(b);
        }

        private void tag(int field, int wire) {
            raw(((long) field << 3) | wire);
        }

        private void raw(long v) {
            while ((v & ~0x7FL) != 0) {
                out.write((int) ((v & 0x7F) | 0x80));
                v >>>= 7;
            }
            out.write((int) v);
        }

        byte[] toBytes() {
            return out.toByteArray();
        }
    }
}
