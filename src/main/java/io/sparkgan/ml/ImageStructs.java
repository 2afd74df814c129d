package io.sparkgan.ml;

import org.apache.spark.ml.image.ImageSchema;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Generated images as rows of Spark's image schema ({@code ImageSchema.columnSchema()}: origin, height, width,
 * nChannels, mode, data), the schema {@code spark.read().format("image")} gives: data holds OpenCV's row-major
 * bytes, BGR for colour, mode CV_8UC1 (0) or CV_8UC3 (16).
 */
final class ImageStructs {
    private static final int CV_8UC1 = 0;
    private static final int CV_8UC3 = 16;

    private ImageStructs() {
    }

    static StructType schema() {
        return ImageSchema.columnSchema();
    }

    /** Image i of G's output [N, C, H, W] in [-1, 1] (tanh) as an image struct row, pixel = round((x + 1) * 127.5). */
    static Row toRow(INDArray images, int i, String origin) {
        int c = (int) images.size(1);
        int h = (int) images.size(2);
        int w = (int) images.size(3);
        float[] chw = images.slice(i).dup('c').reshape(-1).toFloatVector();   // [C, H, W] flattened
        byte[] data = new byte[h * w * c];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int k = 0; k < c; k++) {
                    // OpenCV order: BGR, so RGB channel k goes to byte c - 1 - k of the pixel
                    float v = chw[k * h * w + y * w + x];
                    int pixel = Math.max(0, Math.min(255, Math.round((v + 1f) * 127.5f)));
                    data[(y * w + x) * c + (c - 1 - k)] = (byte) pixel;
                }
            }
        }
        return RowFactory.create(origin, h, w, c, c == 1 ? CV_8UC1 : CV_8UC3, data);
    }
}
