package io.sparkgan.source;

import io.sparkgan.config.DataConfig;
import io.sparkgan.data.InvalidDataException;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;

/**
 * Decodes an encoded image (PNG, JPEG, BMP, GIF: what ImageIO reads) into C x H x W uint8 pixels. An image
 * of the target shape is taken as it is; with {@code convert}, any other is scaled (bilinear) so that its
 * shorter side fits the target, centre-cropped to height x width, and converted to 1 channel (grey) or 3
 * (RGB); without, it is refused, naming its shape and data.image.convert.
 *
 * <p>Every image is measured before it is decoded ({@link #read}): its width and height come from its header, and
 * one of more than data.image.max-pixels pixels is refused, naming the file, its size and the key, before any pixel
 * memory is taken. A PNG of 30000 x 30000 grey pixels deflates to about 100 KB but decodes to 900 MB.
 */
public final class ImageDecoder implements java.io.Serializable {
    private static final long serialVersionUID = 2L;
    /** data.image.max-pixels as reference.conf sets it, for the tools that read images without a run's config. */
    public static final long DEFAULT_MAX_PIXELS =
            io.sparkgan.config.ConfigLoader.defaults().getLong("data.image.max-pixels");
    private final int height;
    private final int width;
    private final int channels;
    private final boolean convert;
    private final long maxPixels;

    /** Converting any image to the target shape (generated samples, evaluation). */
    public ImageDecoder(int height, int width, int channels) {
        this(height, width, channels, true);
    }

    public ImageDecoder(int height, int width, int channels, boolean convert) {
        this(height, width, channels, convert, DEFAULT_MAX_PIXELS);
    }

    /** @param maxPixels the most pixels (width x height) an image may have to be decoded at all */
    public ImageDecoder(int height, int width, int channels, boolean convert, long maxPixels) {
        this.height = height;
        this.width = width;
        this.channels = channels;
        this.convert = convert;
        this.maxPixels = maxPixels;
    }

    /** The decoder of a data source's data.image keys (or cycle.b.image's). */
    public static ImageDecoder of(DataConfig data) {
        return new ImageDecoder(data.imageHeight(), data.imageWidth(), data.imageChannels(), data.imageConvert(),
                data.imageMaxPixels());
    }

    /** An encoded image's own size and colour channels (1 grey, 3 colour; alpha not counted). */
    public record Shape(int height, int width, int channels) {
        @Override
        public String toString() {
            return width + "x" + height + " " + (channels == 1 ? "grey (1 channel)" : "colour (" + channels + " channels)");
        }
    }

    /** The target shape, as {@link Shape}. */
    public Shape target() {
        return new Shape(height, width, channels);
    }

    /** The image's own shape; @throws InvalidDataException naming {@code name} when it cannot be decoded */
    public Shape shapeOf(byte[] encoded, String name) {
        return shape(read(encoded, name, maxPixels));
    }

    private static Shape shape(BufferedImage image) {
        return new Shape(image.getHeight(), image.getWidth(), image.getColorModel().getNumColorComponents());
    }

    /**
     * Why an image of shape {@code found} cannot be used as it is; null when it can, or when converting.
     */
    public String mismatch(Shape found, String name) {
        if (convert || found.equals(target())) {
            return null;
        }
        return "image " + name + " is " + found + ", not data.image's " + target() + "; set data.image.convert = true "
                + "to scale, crop and convert every image, or data.image.height, width and channels to match";
    }

    /** @throws InvalidDataException naming {@code name} when the bytes are not a readable image */
    public byte[] decode(byte[] encoded, String name) {
        BufferedImage image = read(encoded, name, maxPixels);
        String mismatch = mismatch(shape(image), name);
        if (mismatch != null) {
            throw new InvalidDataException(mismatch);
        }
        return pixels(image);
    }

    /**
     * The one way spark-gan decodes an encoded image: ImageIO's reader for its format reads the width and height
     * from the header, and only an image of at most {@code maxPixels} pixels is decoded (what ImageIO.read does).
     *
     * @throws InvalidDataException naming {@code name} when the bytes are not a readable image or are too large
     */
    public static BufferedImage read(byte[] encoded, String name, long maxPixels) {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(encoded))) {
            java.util.Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
            if (readers == null || !readers.hasNext()) {
                throw new InvalidDataException("cannot decode image " + name + ": not a PNG, JPEG, BMP or GIF file ("
                        + encoded.length + " bytes)");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                long w = reader.getWidth(0);
                long h = reader.getHeight(0);
                if (w * h > maxPixels) {
                    throw new InvalidDataException("image " + name + " is " + w + " x " + h + " = " + w * h
                            + " pixels, more than data.image.max-pixels = " + maxPixels + " allows (cycle.b.image."
                            + "max-pixels for CycleGAN's set B); it was not decoded. Scale it down, or raise the key");
                }
                BufferedImage image = reader.read(0, reader.getDefaultReadParam());
                if (image == null) {
                    throw new InvalidDataException("cannot decode image " + name + " (" + encoded.length + " bytes)");
                }
                return image;
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof InvalidDataException bad) {
                throw bad;
            }
            throw new InvalidDataException("cannot decode image " + name + ": " + e.getMessage(), e);
        }
    }

    private byte[] pixels(BufferedImage image) {
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
