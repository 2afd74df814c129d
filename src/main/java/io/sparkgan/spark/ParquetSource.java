package io.sparkgan.spark;

import io.sparkgan.config.DataConfig;
import io.sparkgan.data.ImageDecoder;
import io.sparkgan.data.InvalidDataException;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.StructField;
import scala.Tuple2;

import java.util.Arrays;

/**
 * Parquet with a column of encoded image bytes (and optionally an integer label column). Rows are numbered
 * in the files' order and spread over P partitions by number, sorted within each, so that partitions and
 * their order are the same on every run; executors decode them.
 */
final class ParquetSource {
    private ParquetSource() {
    }

    static PartitionedData load(JavaSparkContext sc, DataConfig data, int partitions, String id) {
        SparkSession spark = SparkSession.builder().sparkContext(sc.sc()).getOrCreate();
        String path = data.parquetPath();
        Dataset<Row> frame;
        try {
            frame = spark.read().parquet(path);
        } catch (Exception e) {
            throw new InvalidDataException("cannot read Parquet data.parquet.path = " + path + ": "
                    + firstLine(e.getMessage()), e);
        }
        String imageColumn = data.parquetImageColumn();
        String labelColumn = data.parquetLabelColumn();
        StructField image = field(frame, imageColumn, "data.parquet.image-column", path);
        if (!(image.dataType() instanceof BinaryType)) {
            throw new InvalidDataException("column '" + imageColumn + "' (data.parquet.image-column) of " + path
                    + " has type " + image.dataType().simpleString() + "; expected binary (encoded image bytes)");
        }
        boolean labelled = !labelColumn.isBlank();
        if (labelled) {
            field(frame, labelColumn, "data.parquet.label-column", path);
        }
        Dataset<Row> selected = labelled ? frame.select(imageColumn, labelColumn) : frame.select(imageColumn);
        long n = selected.count();
        if (n == 0) {
            throw new InvalidDataException("Parquet data set " + path + " is empty");
        }
        int p = (int) Math.min(partitions, n);
        ImageDecoder decoder = ImageDecoder.of(data);
        Row first = selected.first();
        if (!first.isNullAt(0)) {
            FirstImage.check(decoder, (byte[]) first.get(0), path + " row 0");
        }
        JavaRDD<Object> decoded = selected.javaRDD().zipWithIndex()
                .mapToPair(t -> new Tuple2<>(t._2(), t._1()))
                .repartitionAndSortWithinPartitions(new ContiguousRanges(n, p))
                .map(t -> {
                    Row row = t._2();
                    String name = path + " row " + t._1();
                    int label = labelled && !row.isNullAt(1) ? ((Number) row.get(1)).intValue() : -1;
                    if (row.isNullAt(0)) {
                        return (Object) ImageRow.bad(name, "image column is null");
                    }
                    try {
                        return (Object) ImageRow.of(decoder.decode((byte[]) row.get(0), name), label);
                    } catch (InvalidDataException e) {
                        return (Object) ImageRow.bad(name, e.getMessage());
                    }
                });
        return EncodedImages.finish(decoded, data, id, "data.parquet.path = " + path, 0, null);
    }

    private static StructField field(Dataset<Row> frame, String column, String key, String path) {
        return Arrays.stream(frame.schema().fields()).filter(f -> f.name().equals(column)).findFirst()
                .orElseThrow(() -> new InvalidDataException("column '" + column + "' (" + key + ") is not in "
                        + path + "; its columns are " + Arrays.toString(frame.columns())));
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }
}
