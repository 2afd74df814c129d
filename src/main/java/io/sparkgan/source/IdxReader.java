package io.sparkgan.source;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import io.sparkgan.data.ImageSet;
import io.sparkgan.data.InvalidDataException;
import java.util.zip.GZIPInputStream;

/**
 * Reads MNIST-family IDX files, gzipped or not. The format: two zero bytes, a type byte (0x08 = unsigned
 * byte, the only type these data sets use), the number of dimensions d, then d big-endian int32 sizes,
 * then the values. Every deviation is reported with the file and the value found.
 */
public final class IdxReader {
    private IdxReader() {
    }

    /** Reads and checks one local IDX file. */
    public static IdxArray read(Path path) {
        byte[] raw;
        try {
            raw = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new InvalidDataException("IDX file not found: " + path.toAbsolutePath());
        } catch (IOException e) {
            throw new InvalidDataException("cannot read IDX file " + path + ": " + e.getMessage(), e);
        }
        return parseMaybeGzipped(raw, path.toString());
    }

    /** Reads and checks one IDX file on any Hadoop path (a local path, file://, hdfs://, s3a://). */
    public static IdxArray read(String location) {
        return parseMaybeGzipped(SourceFiles.current().readAllBytes(location, "IDX file"), location);
    }

    private static IdxArray parseMaybeGzipped(byte[] raw, String name) {
        if (raw.length >= 2 && IdxStreams.isGzipMagic(raw[0] & 0xff, raw[1] & 0xff)) {
            try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(raw))) {
                raw = in.readAllBytes();
            } catch (IOException e) {
                throw new InvalidDataException("IDX file " + name + " looks gzipped but cannot be decompressed: "
                        + e.getMessage(), e);
            }
        }
        return parse(raw, name);
    }

    /** Checks the header and the length (IdxStreams' checks and messages) and returns the values. */
    static IdxArray parse(byte[] raw, String name) {
        try (ByteArrayInputStream in = new ByteArrayInputStream(raw)) {
            IdxStreams.Header h = IdxStreams.header(in, name);
            int header = 4 + 4 * h.dims().length;
            if (IdxStreams.product(h.dims(), 0).compareTo(java.math.BigInteger.valueOf(Integer.MAX_VALUE - header)) > 0) {
                throw new InvalidDataException("IDX file " + name + " has dimensions " + java.util.Arrays.toString(h.dims())
                        + ": " + IdxStreams.product(h.dims(), 0) + " values, more than one array holds ("
                        + (Integer.MAX_VALUE - header) + " after the header); this reader holds the whole file");
            }
            IdxStreams.checkLength(h, raw.length - header, name);
            return new IdxArray(h.dims(), java.util.Arrays.copyOfRange(raw, header, raw.length));
        } catch (IOException e) {
            throw new InvalidDataException("cannot read IDX file " + name + ": " + e.getMessage(), e);
        }
    }

    /** Images (IDX3: N x rows x cols) with optional labels (IDX1: N), the first {@code limit} if limit > 0. */
    public static ImageSet readImages(Path images, Path labelsOrNull, int limit) {
        return readImages(images.toString(), labelsOrNull == null ? null : labelsOrNull.toString(), limit);
    }

    /** The same on any Hadoop path. */
    public static ImageSet readImages(String images, String labelsOrNull, int limit) {
        return readImages(images, labelsOrNull, 0, limit);
    }

    /** Images [offset, offset + limit) of the file (to its end when limit = 0), with their labels. */
    public static ImageSet readImages(String images, String labelsOrNull, int offset, int limit) {
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
        if (offset > n) {
            throw new InvalidDataException("data.idx.offset = " + offset + " is past the end of " + images + ", which"
                    + " holds " + n + " images");
        }
        int keep = limit > 0 ? Math.min(limit, n - offset) : n - offset;
        byte[] pixels = img.data();
        if (keep < n) {
            pixels = java.util.Arrays.copyOfRange(pixels, offset * h * w, (offset + keep) * h * w);
            labels = labels == null ? null : java.util.Arrays.copyOfRange(labels, offset, offset + keep);
        }
        return new ImageSet(pixels, keep, 1, h, w, labels);
    }
}
