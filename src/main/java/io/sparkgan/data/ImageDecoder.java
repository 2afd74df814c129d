package io.sparkgan.data;

import javax.imageio.ImageIO;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;

/**
 * Decodes an encoded image (PNG, JPEG, BMP, GIF: what ImageIO reads) into C x H x W uint8 pixels: scaled
 * (bilinear) so that its shorter side fits the target, centre-cropped to height x width, and converted to
 * 1 channel (grey) or 3 (RGB).
 */
public final class ImageDecoder implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    private final int height;
    private final int width;
    private final int channels;

    public ImageDecoder(int height, int width, int channels) {
        this.height = height;
        this.width = width;
        this.channels = channels;
    }

    /** @throws InvalidDataException naming {@code name} when the bytes are not a readable image */
    public byte[] decode(byte[] encoded, String name) {
        BufferedImage image;
        try {
            image = ImageIO.read(new ByteArrayInputStream(encoded));
        } catch (IOException | RuntimeException e) {
            throw new InvalidDataException("cannot decode image " + name + ": " + e.getMessage(), e);
        }
        if (image == null) {
            throw new InvalidDataException("cannot decode image " + name + ": not a PNG, JPEG, BMP or GIF file ("
                    + encoded.length + " bytes)");
        }
        double scale = Math.max((double) height / image.getHeight(), (double) width / image.getWidth());
        int scaledW = Math.max(width, (int) Math.round(image.getWidth() * scale));
        int scaledH = Math.max(height, (int) Math.round(image.getHeight() * scale));
        int type = channels == 1 ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_3BYTE_BGR;
        BufferedImage target = new BufferedImage(width, height, type);
        Graphics2D g = target.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        // Draw the scaled image shifted so that its centre lands on the target's centre (the crop).
        g.drawImage(image, -(scaledW - width) / 2, -(scaledH - height) / 2, scaledW, scaledH, null);
        g.dispose();
        Raster raster = target.getRaster();
        byte[] out = new byte[channels * height * width];
        for (int c = 0; c < channels; c++) {
            // TYPE_3BYTE_BGR's raster bands are R, G, B in that order.
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    out[(c * height + y) * width + x] = (byte) raster.getSample(x, y, c);
                }
            }
        }
        return out;
    }
}
