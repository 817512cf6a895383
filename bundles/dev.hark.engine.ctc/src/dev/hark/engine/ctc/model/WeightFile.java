package dev.hark.engine.ctc.model;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Named float tensors in a small file of our own ({@code weights.bin}): magic {@code HARKW1}, a count, then
 * per tensor its name, rank, dimensions and big-endian floats. Read without DJL, so that the server can run
 * trained models without loading PyTorch.
 */
public final class WeightFile {

    private static final String MAGIC = "HARKW1";

    /** A tensor: row-major data of the given shape. */
    public record Tensor(int[] shape, float[] data) {
        public Tensor {
            long n = 1;
            for (int d : shape) {
                n *= d;
            }
            if (n != data.length) {
                throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " does not match " + data.length + " values");
            }
        }

        public int dim(int i) {
            return shape[i];
        }
    }

    private WeightFile() {
    }

    public static void write(Path file, Map<String, Tensor> tensors) throws IOException {
        try (OutputStream o = Files.newOutputStream(file); DataOutputStream out = new DataOutputStream(new BufferedOutputStream(o, 1 << 16))) {
            out.writeUTF(MAGIC);
            out.writeInt(tensors.size());
            for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
                out.writeUTF(e.getKey());
                int[] shape = e.getValue().shape();
                out.writeInt(shape.length);
                for (int d : shape) {
                    out.writeInt(d);
                }
                for (float f : e.getValue().data()) {
                    out.writeFloat(f);
                }
            }
        }
    }

    public static Map<String, Tensor> read(Path file) throws IOException {
        try (InputStream i = Files.newInputStream(file); DataInputStream in = new DataInputStream(new BufferedInputStream(i, 1 << 16))) {
            if (!MAGIC.equals(in.readUTF())) {
                throw new IOException(file + " is not a Hark weight file");
            }
            int count = in.readInt();
            if (count < 0 || count > 10_000) {
                throw new IOException(file + ": bad tensor count " + count);
            }
            Map<String, Tensor> out = new LinkedHashMap<>();
            for (int t = 0; t < count; t++) {
                String name = in.readUTF();
                int rank = in.readInt();
                if (rank < 0 || rank > 8) {
                    throw new IOException(file + ": bad rank " + rank + " for " + name);
                }
                int[] shape = new int[rank];
                long n = 1;
                for (int d = 0; d < rank; d++) {
                    shape[d] = in.readInt();
                    n *= shape[d];
                }
                if (n < 0 || n > 100_000_000) {
                    throw new IOException(file + ": tensor " + name + " too large");
                }
                float[] data = new float[(int) n];
                for (int k = 0; k < data.length; k++) {
                    data[k] = in.readFloat();
                }
                out.put(name, new Tensor(shape, data));
            }
            return out;
        }
    }
}
