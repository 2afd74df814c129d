package io.sparkgan.spark;

import io.sparkgan.config.DataConfig;
import io.sparkgan.data.InvalidDataException;
import io.sparkgan.source.ImageDecoder;
import io.sparkgan.source.ImageRow;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * A DataFrame's image column as training data, on the DataFrame's own partitions (the Spark ML API's source):
 * Spark's image struct (spark.read().format("image"): height, width, nChannels, mode, data as OpenCV's row-major
 * BGR(A) bytes) or encoded image bytes (format("binaryFile")'s content, a Parquet column), with an optional integer
 * label column. Rows are decoded on the executors into the same uint8 rows as every other source.
 */
public final class DataFrameSource {
    static final List<String> IMAGE_FIELDS = List.of("height", "width", "nChannels", "mode", "data");

    private DataFrameSource() {
    }

    /** What the image column holds: Spark's image struct or encoded bytes; anything else is refused, named. */
    public enum ImageKind { STRUCT, ENCODED }

    /** Checks the columns before any work: the image column's kind, the label column's integer type. */
    public static ImageKind check(StructType schema, String imageCol, String labelCol) {
        StructField image = field(schema, imageCol, "imageCol");
        ImageKind kind;
        if (image.dataType() instanceof BinaryType) {
            kind = ImageKind.ENCODED;
        } else if (image.dataType() instanceof StructType s
                && Arrays.asList(s.fieldNames()).containsAll(IMAGE_FIELDS)) {
            kind = ImageKind.STRUCT;
        } else {
            throw new IllegalArgumentException("column '" + imageCol + "' (imageCol) holds "
                    + image.dataType().simpleString() + "; expected Spark's image struct (spark.read().format(\"image\")) "
                    + "or binary encoded images (format(\"binaryFile\")'s content, a Parquet bytes column)");
        }
        if (labelCol != null && !labelCol.isBlank()) {
            DataType t = field(schema, labelCol, "labelCol").dataType();
            if (!(t instanceof IntegerType || t instanceof LongType || t instanceof ShortType || t instanceof ByteType)) {
                throw new IllegalArgumentException("column '" + labelCol + "' (labelCol) holds " + t.simpleString()
                        + "; expected integer class labels 0, 1, ...");
            }
        }
        return kind;
    }

    /**
     * The DataFrame's images as partitioned training data; images of another size or channel count than
     * data.image.* stop the run before training, naming the column and the sizes found.
     */
    public static PartitionedData load(Dataset<?> frame, String imageCol, String labelCol, DataConfig data) {
        ImageKind kind = check(frame.schema(), imageCol, labelCol);
        boolean labelled = labelCol != null && !labelCol.isBlank();
        Dataset<Row> selected = labelled ? frame.toDF().select(imageCol, labelCol) : frame.toDF().select(imageCol);
        ImageDecoder decoder = ImageDecoder.of(data);
        if (selected.isEmpty()) {
            throw new InvalidDataException("the DataFrame has no rows (imageCol '" + imageCol + "'); note that "
                    + "spark.read().format(\"image\").load(dir) reads only the files directly in dir: for a folder of "
                    + "class folders add .option(\"recursiveFileLookup\", \"true\")");
        }
        if (kind == ImageKind.STRUCT) {
            checkStructShapes(selected, imageCol, decoder);
        }
        String where = "column '" + imageCol + "' of the DataFrame";
        JavaRDD<Object> decoded = selected.javaRDD().mapPartitionsWithIndex((p, rows) -> {
            List<Object> out = new java.util.ArrayList<>();
            int i = 0;
            while (rows.hasNext()) {
                Row row = rows.next();
                String name = where + ", partition " + p + " row " + i++;
                int label = labelled && !row.isNullAt(1) ? ((Number) row.get(1)).intValue() : -1;
                if (row.isNullAt(0)) {
                    out.add(ImageRow.bad(name, "image is null"));
                    continue;
                }
                try {
                    byte[] pixels = kind == ImageKind.STRUCT ? fromStruct(row.getStruct(0), decoder, name)
                            : decoder.decode((byte[]) row.get(0), name);
                    out.add(ImageRow.of(pixels, label));
                } catch (InvalidDataException e) {
                    out.add(ImageRow.bad(name, e.getMessage()));
                }
            }
            return out.iterator();
        }, true);
        return EncodedImages.finish(decoded, data, UUID.randomUUID().toString(), where,
                new long[]{data.imageChannels(), data.imageHeight(), data.imageWidth()}, 0, null);
    }

    /** Refuses image structs of sizes other than data.image.* (or of mixed sizes), naming what the column holds. */
    private static void checkStructShapes(Dataset<Row> selected, String imageCol, ImageDecoder decoder) {
        List<Row> shapes = selected.selectExpr("`" + imageCol + "`.height AS h", "`" + imageCol + "`.width AS w",
                "`" + imageCol + "`.nChannels AS c").distinct().limit(6).collectAsList();
        ImageDecoder.Shape target = decoder.target();
        boolean mixed = shapes.size() > 1;
        boolean other = shapes.stream().anyMatch(r -> r.getInt(0) != target.height() || r.getInt(1) != target.width()
                || (r.getInt(2) == 1 ? 1 : 3) != target.channels());
        if (mixed || other) {
            StringBuilder found = new StringBuilder();
            for (Row r : shapes) {
                found.append(found.length() == 0 ? "" : ", ").append(r.getInt(0)).append('x').append(r.getInt(1))
                        .append('x').append(r.getInt(2));
            }
            throw new IllegalArgumentException("column '" + imageCol + "' holds images of " + (mixed ? "mixed sizes" : "size")
                    + " " + found + (shapes.size() > 5 ? ", ..." : "") + " (height x width x channels), but the model "
                    + "trains on " + target + " (data.image.height, width, channels); give images of one size that "
                    + "matches, e.g. by resizing them before fit");
        }
    }

    /** OpenCV's row-major BGR(A) bytes of an image struct to channel-first RGB (or grey) uint8 pixels. */
    public static byte[] fromStruct(Row image, ImageDecoder decoder, String name) {
        int h = image.getInt(image.fieldIndex("height"));
        int w = image.getInt(image.fieldIndex("width"));
        int c = image.getInt(image.fieldIndex("nChannels"));
        byte[] bgr = (byte[]) image.get(image.fieldIndex("data"));
        ImageDecoder.Shape target = decoder.target();
        if (bgr.length != h * w * c) {
            throw new InvalidDataException(name + ": " + bgr.length + " bytes for " + h + "x" + w + "x" + c);
        }
        int channels = target.channels();
        byte[] out = new byte[channels * h * w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int at = (y * w + x) * c;
                if (channels == 1) {
                    out[y * w + x] = c == 1 ? bgr[at] : (byte) Math.round(0.114 * (bgr[at] & 0xFF)
                            + 0.587 * (bgr[at + 1] & 0xFF) + 0.299 * (bgr[at + 2] & 0xFF));
                } else {
                    for (int k = 0; k < 3; k++) {
                        // RGB channel k from BGR byte 2 - k (a grey image repeats its one byte)
                        out[k * h * w + y * w + x] = c == 1 ? bgr[at] : bgr[at + 2 - k];
                    }
                }
            }
        }
        return out;
    }

    private static StructField field(StructType schema, String column, String param) {
        return Arrays.stream(schema.fields()).filter(f -> f.name().equals(column)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("column '" + column + "' (" + param + ") is not in the "
                        + "DataFrame; its columns are " + Arrays.toString(schema.fieldNames())));
    }
}
