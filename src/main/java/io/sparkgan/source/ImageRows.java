package io.sparkgan.source;

import io.sparkgan.data.ImageSet;

import java.util.Arrays;
import java.util.Iterator;

/** Packs decoded rows into a uint8 {@link ImageSet}: the local engine's whole set and a Spark partition's shard. */
public final class ImageRows {
    private ImageRows() {
    }

    /**
     * The good rows in order, in blocks of 64 MiB (any total size), with their classes when every good row has one;
     * each row is counted in {@code tally} when it is not null.
     *
     * @param shape [C, H, W]
     */
    public static ImageSet pack(Iterator<ImageRow> rows, long[] shape, InputTally tally) {
        ImageSet.Builder set = new ImageSet.Builder((int) shape[0], (int) shape[1], (int) shape[2]);
        int[] labels = new int[1024];
        int n = 0;
        boolean labelled = true;
        while (rows.hasNext()) {
            ImageRow row = rows.next();
            if (tally != null) {
                tally.add(row);
            }
            if (row.ok()) {
                set.add(row.pixels());
                if (n == labels.length) {
                    labels = Arrays.copyOf(labels, 2 * n);
                }
                labels[n++] = row.label();
                labelled &= row.label() >= 0;
            }
        }
        return set.build(labelled ? Arrays.copyOf(labels, n) : null);
    }
}
