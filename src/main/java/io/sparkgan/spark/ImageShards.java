package io.sparkgan.spark;

import io.sparkgan.data.ImageSet;
import io.sparkgan.data.TrainingSet;

import java.io.ByteArrayOutputStream;
import java.util.Iterator;

/** A partition's decoded image rows packed into one uint8 {@link ImageSet} (rows that failed are skipped). */
record ImageShards(int channels, int height, int width) implements ShardDecoder {
    @Override
    public TrainingSet shard(int partition, Iterator<Object> rows) {
        ByteArrayOutputStream pixels = new ByteArrayOutputStream();
        int n = 0;
        while (rows.hasNext()) {
            ImageRow row = (ImageRow) rows.next();
            if (row.ok()) {
                pixels.writeBytes(row.pixels());
                n++;
            }
        }
        return new ImageSet(pixels.toByteArray(), n, channels, height, width, null);
    }
}
