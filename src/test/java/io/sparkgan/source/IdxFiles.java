package io.sparkgan.source;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Writes small IDX files for tests: the real format, byte for byte. */
public final class IdxFiles {
    private IdxFiles() {
    }

    public static byte[] idx(int[] dims, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + data.length);
        b.put((byte) 0).put((byte) 0).put((byte) 0x08).put((byte) dims.length);
        for (int d : dims) {
            b.putInt(d);
        }
        b.put(data);
        return b.array();
    }

    /** n images of rows x cols whose pixel (r, c) of image i is (i * 31 + r * 7 + c) mod 256. */
    public static byte[] images(int n, int rows, int cols) {
        byte[] data = new byte[n * rows * cols];
        for (int i = 0; i < n; i++) {
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < cols; c++) {
                    data[(i * rows + r) * cols + c] = (byte) ((i * 31 + r * 7 + c) % 256);
                }
            }
        }
        return idx(new int[]{n, rows, cols}, data);
    }

    public static byte[] labels(int n) {
        byte[] data = new byte[n];
        for (int i = 0; i < n; i++) {
            data[i] = (byte) (i % 10);
        }
        return idx(new int[]{n}, data);
    }

    public static Path write(Path file, byte[] bytes, boolean gzip) throws IOException {
        if (gzip) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (OutputStream gz = new GZIPOutputStream(out)) {
                gz.write(bytes);
            }
            bytes = out.toByteArray();
        }
        return Files.write(file, bytes);
    }
}
