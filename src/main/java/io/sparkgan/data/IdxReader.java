package io.sparkgan.data;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Reads MNIST-family IDX files, gzipped or not. The format: two zero bytes, a type byte (0x08 = unsigned
 * byte, the only type these data sets use), the number of dimensions d, then d big-endian int32 sizes,
 * then the values. Every deviation is reported with the file and the value found.
 */
public final class IdxReader {
    private static final int UNSIGNED_BYTE = 0x08;

    private IdxReader() {
    }

    /** Reads and checks one IDX file. */
    public static IdxArray read(Path path) {
        byte[] raw;
        try {
            raw = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new InvalidDataException("IDX file not found: " + path.toAbsolutePath());
        } catch (IOException e) {
            throw new InvalidDataException("cannot read IDX file " + path + ": " + e.getMessage(), e);
        }
        if (raw.length >= 2 && (raw[0] & 0xff) == 0x1f && (raw[1] & 0xff) == 0x8b) {
            try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(raw))) {
                raw = in.readAllBytes();
            } catch (IOException e) {
                throw new InvalidDataException("IDX file " + path + " looks gzipped but cannot be decompressed: "
                        + e.getMessage(), e);
            }
        }
        return parse(raw, path.toString());
    }

    static IdxArray parse(byte[] raw, String name) {
        if (raw.length < 4) {
            throw new InvalidDataException("IDX file " + name + " is " + raw.length + " bytes long, too short for "
                    + "the 4-byte magic number");
        }
        int magic = readInt(raw, 0);
        if ((raw[0] | raw[1]) != 0) {
            throw new InvalidDataException(String.format("IDX file %s has magic number 0x%08X; an IDX file starts "
                    + "with two zero bytes (0x0000TTDD)", name, magic));
        }
        int type = raw[2] & 0xff;
        if (type != UNSIGNED_BYTE) {
            throw new InvalidDataException(String.format("IDX file %s has data type 0x%02X (magic 0x%08X); only "
                    + "unsigned byte data (0x08) is supported", name, type, magic));
        }
        int ndims = raw[3] & 0xff;
        if (ndims < 1 || ndims > 4) {
            throw new InvalidDataException(String.format("IDX file %s declares %d dimensions (magic 0x%08X); "
                    + "expected 1 (labels) or 3 (images)", name, ndims, magic));
        }
        int header = 4 + 4 * ndims;
        if (raw.length < header) {
            throw new InvalidDataException("IDX file " + name + " is truncated inside its header: " + ndims
                    + " dimensions need " + header + " bytes, the file has " + raw.length);
        }
        int[] dims = new int[ndims];
        long expected = 1;
        for (int i = 0; i < ndims; i++) {
            dims[i] = readInt(raw, 4 + 4 * i);
            if (dims[i] <= 0) {
                throw new InvalidDataException("IDX file " + name + " has dimension " + i + " of size " + dims[i]
                        + "; sizes must be positive");
            }
            expected *= dims[i];
        }
        long actual = raw.length - header;
        if (actual != expected) {
            throw new InvalidDataException("IDX file " + name + " has " + actual + " data bytes but its header "
                    + "dimensions " + java.util.Arrays.toString(dims) + " call for " + expected
                    + (actual < expected ? " (truncated)" : " (trailing bytes)"));
        }
        byte[] data = new byte[(int) expected];
        System.arraycopy(raw, header, data, 0, data.length);
        return new IdxArray(dims, data);
    }

    /** Images (IDX3: N x rows x cols) with optional labels (IDX1: N), the first {@code limit} if limit > 0. */
    public static ImageSet readImages(Path images, Path labelsOrNull, int limit) {
        IdxArray img = read(images);
        if (img.dims().length != 3) {
            throw new InvalidDataException("IDX images file " + images + " has " + img.dims().length
                    + " dimensions " + java.util.Arrays.toString(img.dims()) + "; expected 3 (N x rows x cols)");
        }
        int n = img.dims()[0];
        int h = img.dims()[1];
        int w = img.dims()[2];
        int[] labels = null;
        if (labelsOrNull != null) {
            IdxArray lab = read(labelsOrNull);
            if (lab.dims().length != 1) {
                throw new InvalidDataException("IDX labels file " + labelsOrNull + " has " + lab.dims().length
                        + " dimensions; expected 1 (N)");
            }
            if (lab.dims()[0] != n) {
                throw new InvalidDataException("IDX labels file " + labelsOrNull + " holds " + lab.dims()[0]
                        + " labels but images file " + images + " holds " + n + " images");
            }
            labels = new int[n];
            for (int i = 0; i < n; i++) {
                labels[i] = lab.data()[i] & 0xff;
            }
        }
        int keep = limit > 0 ? Math.min(limit, n) : n;
        byte[] pixels = img.data();
        if (keep < n) {
            pixels = java.util.Arrays.copyOf(pixels, keep * h * w);
            labels = labels == null ? null : java.util.Arrays.copyOf(labels, keep);
        }
        return new ImageSet(pixels, keep, 1, h, w, labels);
    }

    private static int readInt(byte[] b, int at) {
        return ((b[at] & 0xff) << 24) | ((b[at + 1] & 0xff) << 16) | ((b[at + 2] & 0xff) << 8) | (b[at + 3] & 0xff);
    }
}
