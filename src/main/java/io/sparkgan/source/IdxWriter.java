package io.sparkgan.source;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.zip.GZIPOutputStream;

/**
 * Writes uint8 images as an IDX3 file (the format {@link IdxReader} reads: 0x00000803, then N, rows, cols as
 * big-endian int32, then the pixels), gzipped when the name ends in ".gz"; written under a temporary name and
 * renamed into place.
 */
public final class IdxWriter {
    private IdxWriter() {
    }

    /**
     * Writes IDX3 images to {@code out} (the caller closes it), gzipped when {@code gzip}.
     *
     * @param pixels n x rows x cols values, image after image, row-major
     */
    public static void writeImages(OutputStream out, boolean gzip, byte[] pixels, int n, int rows, int cols)
            throws IOException {
        if ((long) n * rows * cols != pixels.length) {
            throw new IllegalArgumentException(pixels.length + " pixels do not make " + n + " images of " + rows + "x" + cols);
        }
        OutputStream buffered = new BufferedOutputStream(out, 1 << 16);
        OutputStream maybeGz = gzip ? new GZIPOutputStream(buffered, 1 << 16) : buffered;
        DataOutputStream data = new DataOutputStream(maybeGz);
        data.writeInt(0x00000803);
        data.writeInt(n);
        data.writeInt(rows);
        data.writeInt(cols);
        data.write(pixels);
        if (maybeGz instanceof GZIPOutputStream gz) {
            gz.finish();
        }
        data.flush();
    }

    /** Whether a file name asks for gzip. */
    public static boolean gzipped(String fileName) {
        return fileName.endsWith(".gz");
    }

    /** A local IDX file (tests' fixtures), written under a temporary name and renamed into place. */
    public static void writeImages(Path file, byte[] pixels, int n, int rows, int cols) {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            try (OutputStream raw = Files.newOutputStream(tmp)) {
                writeImages(raw, gzipped(file.getFileName().toString()), pixels, n, rows, cols);
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write IDX file " + file.toAbsolutePath() + ": " + e, e);
        }
    }
}
