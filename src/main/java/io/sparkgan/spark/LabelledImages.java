package io.sparkgan.spark;

import io.sparkgan.config.GanConfig;
import io.sparkgan.data.ImageSet;
import io.sparkgan.data.InvalidDataException;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;

import java.util.List;

/**
 * A folder or Parquet image set with its labels (class folder names in sorted order, or the Parquet label
 * column), read through the training sources onto the driver for the evaluation's real data: at most
 * {@code maxImages}, a seeded sample of larger sets, in partition order.
 */
public final class LabelledImages {
    private LabelledImages() {
    }

    public static ImageSet load(JavaSparkContext sc, GanConfig config, int maxImages, long seed) {
        PartitionedData data = SparkSources.load(sc, config, sc.defaultParallelism());
        try {
            long n = data.size();
            JavaRDD<Object> rows = data.rows();
            if (n > maxImages) {
                rows = rows.sample(false, Math.min(1.0, 1.1 * maxImages / n), seed);
            }
            List<Object> kept = rows.filter(r -> ((ImageRow) r).ok()).collect();
            int count = Math.min(kept.size(), maxImages);
            long[] shape = data.sampleShape();
            ImageSet.Builder images = new ImageSet.Builder((int) shape[0], (int) shape[1], (int) shape[2]);
            int[] labels = new int[count];
            for (int i = 0; i < count; i++) {
                ImageRow row = (ImageRow) kept.get(i);
                if (row.label() < 0) {
                    throw new InvalidDataException("the image set " + config.data().source() + " has unlabelled images; "
                            + "the evaluation's reference classifier needs labels (class folders, "
                            + "data.parquet.label-column)");
                }
                images.add(row.pixels());
                labels[i] = row.label();
            }
            return images.build(labels);
        } finally {
            data.rows().unpersist(false);
            ShardCache.release(data.id());
        }
    }
}
