package io.sparkgan.spark;

import io.sparkgan.config.DataConfig;
import io.sparkgan.config.GanConfig;
import io.sparkgan.data.ImageSet;
import io.sparkgan.eval.RealData;
import io.sparkgan.eval.RealDataLoader;
import io.sparkgan.platform.SparkContexts;

/**
 * A run's labelled real images from any training source: IDX files directly ({@link RealDataLoader#IDX_FILES}); an
 * image folder (labels = class folders) or Parquet with data.parquet.label-column through the Spark sources (the
 * running context, or an embedded one on spark.master), at most evaluation.real-images of them, the last sixth
 * held out.
 */
public final class SparkRealData implements RealDataLoader {
    @Override
    public RealData load(GanConfig config) {
        DataConfig data = config.data();
        switch (data.source()) {
            case "folder", "parquet" -> {
                String where = data.source().equals("folder") ? "data.folder.path = " + data.folderPath()
                        : "data.parquet.path = " + data.parquetPath();
                try (SparkContexts.Handle spark = SparkContexts.open(config)) {
                    ImageSet all = LabelledImages.load(spark.context(), config, config.evaluation().realImages(),
                            config.seed());
                    return RealData.heldOut(all, where, true, "");
                }
            }
            case "idx" -> {
                return RealDataLoader.IDX_FILES.load(config);
            }
            default -> throw new IllegalArgumentException("image evaluation needs labelled images, but data.source = "
                    + data.source());
        }
    }
}
