package io.sparkgan.spark;

import io.sparkgan.data.ClassList;
import io.sparkgan.config.DataConfig;
import io.sparkgan.data.IdxStreams;
import io.sparkgan.data.InvalidDataException;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * An IDX images file (MNIST's format, optionally gzipped) on any Hadoop path, as P partitions of
 * contiguous record ranges. The driver streams the files once to check their headers and lengths.
 * A plain file is read by every partition from its own range on (a seek); a gzipped one cannot be entered
 * in the middle, so one task decompresses it once and a shuffle spreads the records over the partitions by
 * number, rather than every partition decompressing it from the start. Records stream one by one (no
 * partition-sized array) and are persisted on disk only.
 */
final class IdxSource {
    private static final String WHAT = "IDX images file";

    private IdxSource() {
    }

    static PartitionedData load(JavaSparkContext sc, DataConfig data, int partitions, String id) {
        HadoopFiles files = new HadoopFiles(sc.hadoopConfiguration());
        IdxStreams.Header images = checked(files, data.idxImages(), WHAT);
        if (images.dims().length != 3) {
            throw new InvalidDataException("IDX images file " + data.idxImages() + " has " + images.dims().length
                    + " dimensions; expected 3 (N x rows x cols)");
        }
        if (!data.idxLabels().isBlank()) {
            IdxStreams.Header labels = checked(files, data.idxLabels(), "IDX labels file");
            if (labels.dims().length != 1) {
                throw new InvalidDataException("IDX labels file " + data.idxLabels() + " has dimensions "
                        + java.util.Arrays.toString(labels.dims()) + "; expected 1 (one label per image)");
            }
            if (labels.dims()[0] != images.dims()[0]) {
                throw new InvalidDataException("IDX labels file " + data.idxLabels() + " holds " + labels.dims()[0]
                        + " labels but images file " + data.idxImages() + " holds " + images.dims()[0] + " images");
            }
        }
        int total = images.dims()[0];
        if (data.offset() > total) {
            throw new InvalidDataException("data.idx.offset = " + data.offset() + " is past the end of "
                    + data.idxImages() + ", which holds " + total + " images");
        }
        int offset = data.offset();
        int n = data.limit() > 0 ? Math.min(data.limit(), total - offset) : total - offset;
        if (n == 0) {
            throw new InvalidDataException("data set " + data.idxImages() + " is empty");
        }
        int[] sizes = ContiguousRanges.split(n, partitions);
        String path = data.idxImages();
        String labels = data.idxLabels().isBlank() ? null : data.idxLabels();
        JavaRDD<Object> rows = files.gzipped(path, WHAT) ? decompressedOnce(sc, files, path, labels, offset, n, partitions)
                : rangePerPartition(sc, files, path, labels, offset, sizes);
        rows = rows.persist(StorageLevel.DISK_ONLY());
        return new PartitionedData(id, rows, new ImageShards(1, images.dims()[1], images.dims()[2]),
                new long[]{1, images.dims()[1], images.dims()[2]}, sizes, 0,
                labels == null ? null : classes(files, labels, offset, n, data));
    }

    /** The classes 0 .. max of the first n labels (a byte each: at most N bytes read on the driver). */
    private static ClassList classes(HadoopFiles files, String path, int offset, int n, DataConfig data) {
        try (InputStream in = files.open(path, "IDX labels file")) {
            IdxStreams.Header h = IdxStreams.header(in, path);
            byte[] labels = IdxStreams.records(in, h, offset, n, path);
            int max = -1;
            for (byte b : labels) {
                max = Math.max(max, b & 0xFF);
            }
            return ClassList.of(max + 1, data.classNames());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read IDX labels file " + path + ": " + e.getMessage(), e);
        }
    }

    /**
     * Partition p reads records [offset + start_p, offset + start_p + size_p) of the plain file, skipping (seeking)
     * to its start.
     */
    private static JavaRDD<Object> rangePerPartition(JavaSparkContext sc, HadoopFiles files, String path,
                                                     String labels, int offset, int[] sizes) {
        List<long[]> ranges = new ArrayList<>();
        long start = offset;
        for (int s : sizes) {
            ranges.add(new long[]{start, s});
            start += s;
        }
        return sc.parallelize(ranges, sizes.length).mapPartitions((Iterator<long[]> it) -> {
            long[] range = it.next();
            return new Records(files, path, labels, range[0], range[1]);
        }, true);
    }

    /** One task gunzips the file once; records [offset, offset + n) go to partition floor(i * P / n) in order. */
    private static JavaRDD<Object> decompressedOnce(JavaSparkContext sc, HadoopFiles files, String path, String labels,
                                                    int offset, int n, int partitions) {
        List<Integer> one = List.of(0);
        return sc.parallelize(one, 1)
                .flatMapToPair(ignored -> {
                    Records records = new Records(files, path, labels, offset, n);
                    return new Iterator<Tuple2<Long, Object>>() {
                        private long index;

                        @Override
                        public boolean hasNext() {
                            return records.hasNext();
                        }

                        @Override
                        public Tuple2<Long, Object> next() {
                            return new Tuple2<>(index++, records.next());
                        }
                    };
                })
                .repartitionAndSortWithinPartitions(new ContiguousRanges(n, partitions))
                .values();
    }

    private static IdxStreams.Header checked(HadoopFiles files, String path, String what) {
        try (InputStream in = files.open(path, what)) {
            return IdxStreams.check(in, path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + what + " " + path + ": " + e.getMessage(), e);
        }
    }

    /**
     * Records [from, from + count) of the file as image rows, with their labels from the labels file when there
     * is one, read one at a time; closes the files at the end.
     */
    private static final class Records implements Iterator<Object> {
        private final InputStream in;
        private final InputStream labels;
        private final int recordBytes;
        private final String path;
        private long left;

        Records(HadoopFiles files, String path, String labelsPath, long from, long count) {
            this.path = path;
            this.in = files.open(path, WHAT);
            this.labels = labelsPath == null ? null : files.open(labelsPath, "IDX labels file");
            try {
                IdxStreams.Header h = IdxStreams.header(in, path);
                this.recordBytes = h.recordBytes();
                IdxStreams.records(in, h, from, 0, path);   // skips to record `from`
                if (labels != null) {
                    IdxStreams.records(labels, IdxStreams.header(labels, labelsPath), from, 0, labelsPath);
                }
            } catch (IOException e) {
                close();
                throw new UncheckedIOException("cannot read " + WHAT + " " + path + ": " + e.getMessage(), e);
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
        public Object next() {
            if (left <= 0) {
                throw new NoSuchElementException();
            }
            try {
                byte[] record = in.readNBytes(recordBytes);
                if (record.length != recordBytes) {
                    throw new InvalidDataException("IDX file " + path + " ended early");
                }
                int label = -1;
                if (labels != null) {
                    label = labels.read();
                    if (label < 0) {
                        throw new InvalidDataException("IDX labels file of " + path + " ended early");
                    }
                }
                if (--left == 0) {
                    close();
                }
                return ImageRow.of(record, label);
            } catch (IOException e) {
                close();
                throw new UncheckedIOException("cannot read " + WHAT + " " + path + ": " + e.getMessage(), e);
            }
        }

        private void close() {
            try {
                in.close();
                if (labels != null) {
                    labels.close();
                }
            } catch (IOException ignored) {
                // reading is done
            }
        }
    }
}
