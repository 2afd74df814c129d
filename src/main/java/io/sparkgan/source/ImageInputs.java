package io.sparkgan.source;

import java.io.Serializable;
import java.util.Iterator;
import java.util.List;

/**
 * The numbered inputs of one image source (IDX records, image files in path order, Parquet rows in file order),
 * read the same way by both engines: the local engine reads them all in one JVM; the Spark engine cuts them into
 * P contiguous {@link #range ranges}, ships each range to its partition's task and reads it there. Instances are
 * small and serialisable (paths, counts, the Hadoop settings), never the data.
 */
public interface ImageInputs extends Serializable {
    /** N, the number of inputs (good or not). */
    long size();

    /** Inputs [from, from + count) as a source of their own. */
    ImageInputs range(long from, long count);

    /** Inputs at the given increasing numbers, as a source of their own (a sample of a large set). */
    ImageInputs pick(long[] sortedRows);

    /** Reads and decodes the inputs in order, one at a time; the files close when the iterator ends. */
    Iterator<ImageRow> rows();

    /**
     * Whether a range can be entered in the middle cheaply. A gzipped IDX file cannot: the Spark engine gunzips it
     * once in one task and spreads its records by number instead of having every partition gunzip from the start.
     */
    default boolean seekable() {
        return true;
    }

    /** The class names, for a folder source (its class folders, sorted); null where labels are numbers. */
    default List<String> classNames() {
        return null;
    }

    /** Files seen that are not inputs (not images by their extension): skipped, counted, not bad input. */
    default long notInputs() {
        return 0;
    }

    /** Stops at once when the first input has another shape than data.image (see {@link FirstImage}). */
    default void checkFirst() {
    }

    /** The source in words, with its config key: "data.folder.path = /x". */
    String where();
}
