package io.sparkgan.data;

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

    /** @param pixels n x rows x cols values, image after image, row-major */
    public static void writeImages(Path file, byte[] pixels, int n, int rows, int cols) {
        if ((long) n * rows * cols != pixels.length) {
            throw new IllegalArgumentException(pixels.length + " pixels do not make " + n + " images of " + rows + "x" + cols);
        }
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            try (OutputStream raw = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16);
                 OutputStream maybeGz = file.getFileName().toString().endsWith(".gz") ? new GZIPOutputStream(raw, 1 << 16) : raw;
                 DataOutputStream out = new DataOutputStream(maybeGz)) {
                out.writeInt(0x00000803);
                out.writeInt(n);
                out.writeInt(rows);
                out.writeInt(cols);
                out.write(pixels);
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write IDX file " + file.toAbsolutePath() + ": " + e, e);
        }
    }
}
