package io.sparkgan.source;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import io.sparkgan.data.InvalidDataException;

/**
 * IDX files read as streams, for sources too large to hold: check a file's header and length in one
 * pass without keeping it, and read a range of its records. Same checks and messages as {@link IdxReader}.
 */
public final class IdxStreams {
    private IdxStreams() {
    }

    /** The dimensions of an IDX file (dims[0] = number of records). */
    public record Header(int[] dims) {
        public int recordBytes() {
            int r = 1;
            for (int i = 1; i < dims.length; i++) {
                r *= dims[i];
            }
            return r;
        }
    }

    /** Wraps the raw stream in a gunzip stream when it starts with gzip's magic bytes. */
    public static InputStream decompressed(InputStream raw) throws IOException {
        BufferedInputStream in = new BufferedInputStream(raw, 1 << 16);
        in.mark(2);
        int b0 = in.read();
        int b1 = in.read();
        in.reset();
        return isGzipMagic(b0, b1) ? new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16) : in;
    }

    /** Whether a file's first two bytes are gzip's magic number 1f 8b. */
    public static boolean isGzipMagic(int b0, int b1) {
        return b0 == 0x1f && b1 == 0x8b;
    }

    /** Reads and checks the header, leaving the stream at the first record. */
    public static Header header(InputStream in, String name) throws IOException {
        byte[] magic = in.readNBytes(4);
        if (magic.length < 4) {
            throw new InvalidDataException("IDX file " + name + " is " + magic.length + " bytes long, too short for "
                    + "the 4-byte magic number");
        }
        int m = ((magic[0] & 0xff) << 24) | ((magic[1] & 0xff) << 16) | ((magic[2] & 0xff) << 8) | (magic[3] & 0xff);
        if ((magic[0] | magic[1]) != 0) {
            throw new InvalidDataException(String.format("IDX file %s has magic number 0x%08X; an IDX file starts "
                    + "with two zero bytes (0x0000TTDD)", name, m));
        }
        if ((magic[2] & 0xff) != 0x08) {
            throw new InvalidDataException(String.format("IDX file %s has data type 0x%02X (magic 0x%08X); only "
                    + "unsigned byte data (0x08) is supported", name, magic[2] & 0xff, m));
        }
        int ndims = magic[3] & 0xff;
        if (ndims < 1 || ndims > 4) {
            throw new InvalidDataException(String.format("IDX file %s declares %d dimensions (magic 0x%08X); "
                    + "expected 1 (labels) or 3 (images)", name, ndims, m));
        }
        DataInputStream data = new DataInputStream(in);
        int[] dims = new int[ndims];
        for (int i = 0; i < ndims; i++) {
            try {
                dims[i] = data.readInt();
            } catch (EOFException e) {
                throw new InvalidDataException("IDX file " + name + " is truncated inside its header: " + ndims
                        + " dimensions need " + (4 + 4 * ndims) + " bytes");
            }
        }
        for (int i = 0; i < ndims; i++) {
            if (dims[i] <= 0) {
                throw new InvalidDataException("IDX file " + name + " has dimensions " + Arrays.toString(dims)
                        + ": dimension " + i + " of size " + dims[i] + "; sizes must be positive");
            }
        }
        // a record (an image: rows x cols values) is one array: its size dims[1] x ... must fit an int, or the
        // products below would wrap around and a short file could pass the length check
        long record = 1;
        for (int i = 1; i < ndims; i++) {
            record *= dims[i];      // < 2^31 before, so < 2^62 after: no long overflow
            if (record > Integer.MAX_VALUE) {
                throw new InvalidDataException("IDX file " + name + " has dimensions " + Arrays.toString(dims)
                        + ": one record of " + product(dims, 1) + " values is more than an array holds ("
                        + Integer.MAX_VALUE + ")");
            }
        }
        return new Header(dims);
    }

    /** dims[from] x ... x dims[d - 1], exactly. */
    static java.math.BigInteger product(int[] dims, int from) {
        java.math.BigInteger p = java.math.BigInteger.ONE;
        for (int i = from; i < dims.length; i++) {
            p = p.multiply(java.math.BigInteger.valueOf(dims[i]));
        }
        return p;
    }

    /** Reads the whole stream after the header and checks its length against the header's dimensions. */
    public static Header check(InputStream in, String name) throws IOException {
        Header h = header(in, name);
        long actual = 0;
        byte[] buffer = new byte[1 << 16];
        for (int r; (r = in.read(buffer)) > 0; ) {
            actual += r;
        }
        checkLength(h, actual, name);
        return h;
    }

    /** The data after the header must be exactly dims[0] records long. */
    static void checkLength(Header h, long actual, String name) {
        long expected = (long) h.dims()[0] * h.recordBytes();
        if (actual != expected) {
            throw new InvalidDataException("IDX file " + name + " has " + actual + " data bytes but its header "
                    + "dimensions " + Arrays.toString(h.dims()) + " call for " + expected
                    + (actual < expected ? " (truncated)" : " (trailing bytes)"));
        }
    }

    /** Records [from, from + count) of a stream positioned after the header, as one byte array. */
    public static byte[] records(InputStream in, Header h, long from, int count, String name) throws IOException {
        long skip = from * h.recordBytes();
        try {
            in.skipNBytes(skip);
        } catch (EOFException e) {
            throw new InvalidDataException("IDX file " + name + " ended before record " + from);
        }
        byte[] out = in.readNBytes(count * h.recordBytes());
        if (out.length != count * h.recordBytes()) {
            throw new InvalidDataException("IDX file " + name + " ended before record " + (from + count));
        }
        return out;
    }
}
