package io.sparkgan.source;

import io.sparkgan.data.InvalidDataException;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Records [offset, offset + count) of an IDX images file (MNIST's format, optionally gzipped; N x rows x cols
 * unsigned bytes) on any Hadoop path, with the labels of an IDX1 labels file when there is one. Opening checks both
 * headers and streams both files once to check their lengths; reading streams records one by one from the range's
 * start (a skip), with no array of the whole set.
 */
final class IdxImages implements ImageInputs {
    private static final long serialVersionUID = 1L;
    static final String WHAT = "IDX images file";
    private static final String LABELS = "IDX labels file";
    private final SourceFiles files;
    private final String images;
    private final String labels;
    private final long offset;
    private final long count;
    private final boolean gzipped;
    private final int height;
    private final int width;

    private IdxImages(SourceFiles files, String images, String labels, long offset, long count, boolean gzipped,
                      int height, int width) {
        this.files = files;
        this.images = images;
        this.labels = labels;
        this.offset = offset;
        this.count = count;
        this.gzipped = gzipped;
        this.height = height;
        this.width = width;
    }

    /**
     * @param labels the labels file, or null
     * @param offset the first record (data.idx.offset)
     * @param limit  at most this many records, 0 = to the end (data.idx.limit)
     */
    static IdxImages open(SourceFiles files, String images, String labels, int offset, int limit) {
        IdxStreams.Header header = checked(files, images, WHAT);
        if (header.dims().length != 3) {
            throw new InvalidDataException("IDX images file " + images + " has " + header.dims().length
                    + " dimensions " + Arrays.toString(header.dims()) + "; expected 3 (N x rows x cols)");
        }
        if (labels != null) {
            IdxStreams.Header l = checked(files, labels, LABELS);
            if (l.dims().length != 1) {
                throw new InvalidDataException("IDX labels file " + labels + " has dimensions "
                        + Arrays.toString(l.dims()) + "; expected 1 (one label per image)");
            }
            if (l.dims()[0] != header.dims()[0]) {
                throw new InvalidDataException("IDX labels file " + labels + " holds " + l.dims()[0]
                        + " labels but images file " + images + " holds " + header.dims()[0] + " images");
            }
        }
        int total = header.dims()[0];
        if (offset > total) {
            throw new InvalidDataException("data.idx.offset = " + offset + " is past the end of " + images
                    + ", which holds " + total + " images");
        }
        int n = limit > 0 ? Math.min(limit, total - offset) : total - offset;
        return new IdxImages(files, images, labels, offset, n, files.gzipped(images, WHAT), header.dims()[1],
                header.dims()[2]);
    }

    /** [1, rows, cols] of the file's records. */
    long[] sampleShape() {
        return new long[]{1, height, width};
    }

    private static IdxStreams.Header checked(SourceFiles files, String path, String what) {
        try (InputStream in = files.open(path, what)) {
            return IdxStreams.check(in, path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + what + " " + path + ": " + e.getMessage(), e);
        }
    }

    @Override
    public long size() {
        return count;
    }

    @Override
    public ImageInputs range(long from, long n) {
        return new IdxImages(files, images, labels, offset + from, n, gzipped, height, width);
    }

    @Override
    public ImageInputs pick(long[] sortedRows) {
        return new PickedInputs(this, sortedRows);
    }

    @Override
    public boolean seekable() {
        return !gzipped;
    }

    @Override
    public String where() {
        return "data.idx.images = " + images;
    }

    @Override
    public Iterator<ImageRow> rows() {
        return new Records();
    }

    /** The range's records as image rows, read one at a time; closes the files at the end. */
    private final class Records implements Iterator<ImageRow> {
        private final InputStream in;
        private final InputStream labelsIn;
        private final int recordBytes;
        private long left;

        Records() {
            this.in = files.open(images, WHAT);
            this.labelsIn = labels == null ? null : files.open(labels, LABELS);
            try {
                IdxStreams.Header h = IdxStreams.header(in, images);
                this.recordBytes = h.recordBytes();
                IdxStreams.records(in, h, offset, 0, images);   // skips to record `offset`
                if (labelsIn != null) {
                    IdxStreams.records(labelsIn, IdxStreams.header(labelsIn, labels), offset, 0, labels);
                }
            } catch (IOException e) {
                close();
                throw new UncheckedIOException("cannot read " + WHAT + " " + images + ": " + e.getMessage(), e);
            }
            this.left = count;
            if (left == 0) {
                close();
            }
        }

        @Override
        public boolean hasNext() {
            return left > 0;
        }

        @Override
        public ImageRow next() {
            if (left <= 0) {
                throw new NoSuchElementException();
            }
            try {
                byte[] record = in.readNBytes(recordBytes);
                if (record.length != recordBytes) {
                    throw new InvalidDataException("IDX file " + images + " ended early");
                }
                int label = -1;
                if (labelsIn != null) {
                    label = labelsIn.read();
                    if (label < 0) {
                        throw new InvalidDataException("IDX labels file of " + images + " ended early");
                    }
                }
                if (--left == 0) {
                    close();
                }
                return ImageRow.of(record, label);
            } catch (IOException e) {
                close();
                throw new UncheckedIOException("cannot read " + WHAT + " " + images + ": " + e.getMessage(), e);
            }
        }

        private void close() {
            SourceFiles.closeQuietly(in);
            if (labelsIn != null) {
                SourceFiles.closeQuietly(labelsIn);
            }
        }
    }
}
