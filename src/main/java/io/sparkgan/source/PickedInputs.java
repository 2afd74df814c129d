package io.sparkgan.source;

import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Some inputs of a source that can only be read in order (IDX records, Parquet rows): reads the source through and
 * keeps the inputs at the given increasing numbers.
 */
record PickedInputs(ImageInputs whole, long[] sortedRows) implements ImageInputs {
    @Override
    public long size() {
        return sortedRows.length;
    }

    @Override
    public ImageInputs range(long from, long count) {
        return new PickedInputs(whole, java.util.Arrays.copyOfRange(sortedRows, (int) from, (int) (from + count)));
    }

    @Override
    public ImageInputs pick(long[] rows) {
        long[] picked = new long[rows.length];
        for (int i = 0; i < rows.length; i++) {
            picked[i] = sortedRows[(int) rows[i]];
        }
        return new PickedInputs(whole, picked);
    }

    @Override
    public Iterator<ImageRow> rows() {
        if (sortedRows.length == 0) {
            return java.util.Collections.emptyIterator();
        }
        long first = sortedRows[0];
        Iterator<ImageRow> all = whole.range(first, sortedRows[sortedRows.length - 1] + 1 - first).rows();
        return new Iterator<>() {
            private int next;
            private long at = first;

            @Override
            public boolean hasNext() {
                return next < sortedRows.length;
            }

            @Override
            public ImageRow next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                while (at < sortedRows[next]) {
                    all.next();
                    at++;
                }
                at++;
                next++;
                return all.next();
            }
        };
    }

    @Override
    public boolean seekable() {
        return whole.seekable();
    }

    @Override
    public String where() {
        return whole.where();
    }
}
