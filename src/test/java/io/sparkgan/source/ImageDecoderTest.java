package io.sparkgan.source;

import io.sparkgan.data.InvalidDataException;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class ImageDecoderTest {
    static byte[] png(BufferedImage image) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    /** A grey image whose pixel (x, y) is (x * 9 + y) mod 256. */
    static BufferedImage grey(int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.getRaster().setSample(x, y, 0, (x * 9 + y) % 256);
            }
        }
        return img;
    }

    @Test
    void aGreyPngOfTheTargetSizeDecodesToItsExactPixels() throws IOException {
        byte[] pixels = new ImageDecoder(28, 28, 1).decode(png(grey(28, 28)), "g.png");
        byte[] expected = new byte[28 * 28];
        for (int y = 0; y < 28; y++) {
            for (int x = 0; x < 28; x++) {
                expected[y * 28 + x] = (byte) ((x * 9 + y) % 256);
            }
        }
        assertArrayEquals(expected, pixels);
    }

    @Test
    void aLargerColourImageIsScaledCentreCroppedAndKeepsItsChannels() throws IOException {
        // 112 x 56: left half red, right half blue. Scaled to 56 x 28, the 28 x 28 crop spans the middle.
        BufferedImage img = new BufferedImage(112, 56, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 56; y++) {
            for (int x = 0; x < 112; x++) {
                img.setRGB(x, y, x < 56 ? 0xFF0000 : 0x0000FF);
            }
        }
        byte[] rgb = new ImageDecoder(28, 28, 3).decode(png(img), "c.png");
        assertEquals(3 * 28 * 28, rgb.length);
        int red = 0;
        int blue = 2 * 28 * 28;
        assertEquals(255, rgb[red + 5 * 28 + 2] & 0xff, "left of the crop is red");
        assertEquals(0, rgb[blue + 5 * 28 + 2] & 0xff);
        assertEquals(255, rgb[blue + 5 * 28 + 25] & 0xff, "right of the crop is blue");
        assertEquals(0, rgb[red + 5 * 28 + 25] & 0xff);
    }

    @Nested
    class ImagesAreMeasuredBeforeTheyAreDecoded {
        /** 30000 x 30000 grey pixels in about 110 KB: refused from its header, never decoded (900 MB of pixels). */
        @Test
        void aDecompressionBombIsABadImageNamingItsSizeAndTheKey() throws IOException {
            byte[] bomb = PngBomb.of(30000, 30000);
            assertThat(bomb.length).as("bytes of the bomb").isLessThan(1 << 20);
            for (ImageDecoder decoder : new ImageDecoder[]{new ImageDecoder(28, 28, 1),
                    new ImageDecoder(28, 28, 1, false)}) {
                assertThatThrownBy(() -> decoder.decode(bomb, "bomb.png"))
                        .isInstanceOf(InvalidDataException.class)
                        .hasMessageContaining("image bomb.png is 30000 x 30000 = 900000000 pixels")
                        .hasMessageContaining("data.image.max-pixels = 67108864");
                assertThatThrownBy(() -> decoder.shapeOf(bomb, "bomb.png")).hasMessageContaining("30000 x 30000");
            }
        }

        @Test
        void aBombBelowTheLimitIsAnOrdinaryImage() throws IOException {
            byte[] small = PngBomb.of(300, 200);
            ImageDecoder.Shape shape = new ImageDecoder(28, 28, 1).shapeOf(small, "s.png");
            assertThat(shape.width()).isEqualTo(300);
            assertThat(shape.height()).isEqualTo(200);
        }

        @Test
        void theLimitIsTheKeyDataImageMaxPixels() throws IOException {
            byte[] png = png(grey(28, 28));
            io.sparkgan.config.DataConfig small = io.sparkgan.config.ConfigLoader.load(
                    java.nio.file.Path.of("conf/fashion-dcgan28.conf"), java.util.List.of("data.image.max-pixels=783")).data();
            assertThatThrownBy(() -> ImageDecoder.of(small).decode(png, "g.png"))
                    .isInstanceOf(InvalidDataException.class)
                    .hasMessageContaining("image g.png is 28 x 28 = 784 pixels, more than data.image.max-pixels = 783");
            io.sparkgan.config.DataConfig exact = io.sparkgan.config.ConfigLoader.load(
                    java.nio.file.Path.of("conf/fashion-dcgan28.conf"), java.util.List.of("data.image.max-pixels=784")).data();
            assertThat(ImageDecoder.of(exact).decode(png, "g.png")).hasSize(784);
        }
    }

    @Test
    void bytesThatAreNotAnImageAreRejectedByName() {
        assertThatThrownBy(() -> new ImageDecoder(28, 28, 1).decode("not an image".getBytes(), "notes.png"))
                .isInstanceOf(InvalidDataException.class)
                .hasMessageContaining("notes.png").hasMessageContaining("not a PNG");
        assertThat(new ImageDecoder(4, 4, 1)).isNotNull();
    }
}
