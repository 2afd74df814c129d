package io.sparkgan.io;

import io.sparkgan.platform.Location;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Generated images [N, C, H, W] in [-1, 1] as uint8 pixels (round((x + 1) * 127.5), clamped) and PNG files. */
public final class ImageFiles {
    private ImageFiles() {
    }

    /** All pixels as uint8, same layout (NCHW). */
    public static byte[] toUint8(INDArray images) {
        float[] px = images.castTo(DataType.FLOAT).dup('c').data().asFloat();
        byte[] out = new byte[px.length];
        for (int i = 0; i < px.length; i++) {
            out[i] = (byte) Math.max(0, Math.min(255, Math.round((px[i] + 1f) * 127.5f)));
        }
        return out;
    }

    /** Image i of [N, C, H, W] (C = 1 grey, 3 RGB) as a PNG of H x W pixels. */
    public static void writePng(INDArray images, int i, Location png) {
        png.write(pngBytes(images, i));
    }

    /** Image i of [N, C, H, W] (C = 1 grey, 3 RGB) encoded as PNG. */
    public static byte[] pngBytes(INDArray images, int i) {
        int c = (int) images.size(1);
        int h = (int) images.size(2);
        int w = (int) images.size(3);
        byte[] px = toUint8(images.slice(i).reshape(1, c, h, w));
        BufferedImage out = new BufferedImage(w, h, c == 1 ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (c == 1) {
                    out.getRaster().setSample(x, y, 0, px[y * w + x] & 0xff);
                } else {
                    int r = px[y * w + x] & 0xff;
                    int g = px[(h + y) * w + x] & 0xff;
                    int b = px[(2 * h + y) * w + x] & 0xff;
                    out.setRGB(x, y, (r << 16) | (g << 8) | b);
                }
            }
        }
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            ImageIO.write(out, "png", bytes);
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode a PNG: " + e, e);
        }
    }
}
