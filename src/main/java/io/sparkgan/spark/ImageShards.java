package io.sparkgan.spark;

import io.sparkgan.data.TrainingSet;
import io.sparkgan.source.ImageRow;
import io.sparkgan.source.ImageRows;

import java.util.Iterator;

/**
 * A partition's decoded image rows packed into a uint8 ImageSet ({@link ImageRows#pack}, as the local engine packs
 * the whole set): rows that failed are skipped, classes kept when every row has one. Spark keeps its copy of the
 * rows on disk only (DISK_ONLY), so the executor holds a partition's images once, here.
 *
 * @param shape [C, H, W]
 */
record ImageShards(long[] shape) implements ShardDecoder {
    @Override
    public TrainingSet shard(int partition, Iterator<Object> rows) {
        return ImageRows.pack(new Iterator<>() {
            @Override
            public boolean hasNext() {
                return rows.hasNext();
            }

            @Override
            public ImageRow next() {
                return (ImageRow) rows.next();
            }
        }, shape, null);
    }
}
