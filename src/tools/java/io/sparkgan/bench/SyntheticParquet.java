package io.sparkgan.bench;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * A synthetic image set as Parquet partitions: n PNGs of size x size, grey or RGB (28x28 grey unless
 * asked) (columns image: binary, label: int),
 * image i drawn from a random generator seeded with i, written by Spark's executors in {@code files}
 * partitions, so neither the driver nor any executor holds the whole set. Reused when already there.
 */
final class SyntheticParquet {
    private SyntheticParquet() {
    }

    static Path write(JavaSparkContext sc, Path dir, int n, int files) {
        return write(sc, dir, n, files, 28, 1);
    }

    static Path write(JavaSparkContext sc, Path dir, int n, int files, int size, int channels) {
        if (Files.exists(dir.resolve("_SUCCESS"))) {
            return dir;
        }
        StructType schema = new StructType().add("image", DataTypes.BinaryType).add("label", DataTypes.IntegerType);
        List<Integer> parts = IntStream.range(0, files).boxed().toList();
        JavaRDD<Row> rows = sc.parallelize(parts, files).flatMap(part -> {
            List<Row> out = new ArrayList<>();
            for (long i = (long) n * part / files; i < (long) n * (part + 1) / files; i++) {
                out.add(RowFactory.create(png(i, size, channels), (int) (i % 10)));
            }
            return out.iterator();
        });
        SparkSession.builder().sparkContext(sc.sc()).getOrCreate().createDataFrame(rows, schema)
                .write().mode(SaveMode.Overwrite).parquet(dir.toAbsolutePath().toString());
        return dir;
    }

    /** Image i: a blob of random brightness at a random place over faint noise, PNG-encoded. */
    static byte[] png(long i) {
        return png(i, 28, 1);
    }

    /** The same drawing at size x size (scaled by size / 28), in every channel of a grey or RGB image. */
    static byte[] png(long i, int size, int channels) {
        SplittableRandom random = new SplittableRandom(i);
        BufferedImage img = new BufferedImage(size, size,
                channels == 1 ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_3BYTE_BGR);
        double s = size / 28.0;
        int cx = (int) ((6 + random.nextInt(16)) * s);
        int cy = (int) ((6 + random.nextInt(16)) * s);
        int r = (int) ((3 + random.nextInt(6)) * s);
        int level = 100 + random.nextInt(156);
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                boolean inside = (x - cx) * (x - cx) + (y - cy) * (y - cy) <= r * r;
                for (int c = 0; c < channels; c++) {
                    img.getRaster().setSample(x, y, c, inside ? level / (c + 1) : random.nextInt(24));
                }
            }
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, "png", bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
