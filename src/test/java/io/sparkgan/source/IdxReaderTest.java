package io.sparkgan.source;

import io.sparkgan.data.ImageSet;
import io.sparkgan.data.InvalidDataException;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class IdxReaderTest {
    @TempDir
    Path dir;

    @Nested
    class GoodFiles {
        @Test
        void readsImagesAndLabelsGzippedOrNot() throws IOException {
            for (boolean gzip : new boolean[]{false, true}) {
                Path images = IdxFiles.write(dir.resolve("img" + gzip), IdxFiles.images(5, 4, 3), gzip);
                Path labels = IdxFiles.write(dir.resolve("lab" + gzip), IdxFiles.labels(5), gzip);
                ImageSet set = IdxReader.readImages(images, labels, 0);
                assertEquals(5, set.size());
                assertArrayEquals(new long[]{1, 4, 3}, set.sampleShape());
                assertArrayEquals(new int[]{0, 1, 2, 3, 4}, set.labels().orElseThrow());
            }
        }

        @Test
        void scalesPixelsToMinusOneToOne() throws IOException {
            byte[] data = {0, (byte) 255, (byte) 128, 64};
            Path images = IdxFiles.write(dir.resolve("px"), IdxFiles.idx(new int[]{1, 2, 2}, data), false);
            INDArray batch = IdxReader.readImages(images, null, 0).batch(new int[]{0});
            assertArrayEquals(new long[]{1, 1, 2, 2}, batch.shape());
            float[] v = batch.data().asFloat();
            assertEquals(-1f, v[0], 1e-6);
            assertEquals(1f, v[1], 1e-6);
            assertEquals(128 / 127.5f - 1, v[2], 1e-6);
            assertEquals(64 / 127.5f - 1, v[3], 1e-6);
        }

        @Test
        void aLimitKeepsTheFirstImages() throws IOException {
            Path images = IdxFiles.write(dir.resolve("img"), IdxFiles.images(10, 2, 2), false);
            Path labels = IdxFiles.write(dir.resolve("lab"), IdxFiles.labels(10), false);
            ImageSet set = IdxReader.readImages(images, labels, 3);
            assertEquals(3, set.size());
            assertArrayEquals(new int[]{0, 1, 2}, set.labels().orElseThrow());
        }
    }

    @Nested
    class CorruptFiles {
        private String failure(byte[] bytes) throws IOException {
            Path file = IdxFiles.write(dir.resolve("bad.idx"), bytes, false);
            return assertThrows(InvalidDataException.class, () -> IdxReader.read(file)).getMessage();
        }

        @Test
        void aWrongMagicNumberIsShownInHex() throws IOException {
            byte[] png = {(byte) 0x89, 'P', 'N', 'G', 0, 0, 0, 0};
            assertThat(failure(png)).contains("bad.idx", "magic number 0x89504E47");
        }

        @Test
        void anUnsupportedDataTypeIsNamed() throws IOException {
            byte[] floats = IdxFiles.idx(new int[]{1}, new byte[4]);
            floats[2] = 0x0D;
            assertThat(failure(floats)).contains("data type 0x0D", "0x08");
        }

        @Test
        void aTruncatedFileSaysHowManyBytesAreMissing() throws IOException {
            byte[] full = IdxFiles.images(3, 4, 4);
            assertThat(failure(Arrays.copyOf(full, full.length - 5)))
                    .contains("43 data bytes", "[3, 4, 4]", "call for 48", "truncated");
        }

        @Test
        void trailingBytesAreReported() throws IOException {
            byte[] full = IdxFiles.images(1, 2, 2);
            assertThat(failure(Arrays.copyOf(full, full.length + 2))).contains("6 data bytes", "trailing");
        }

        @Test
        void aHeaderCutShortIsReported() throws IOException {
            assertThat(failure(new byte[]{0, 0, 8, 3, 0, 0})).contains("truncated inside its header");
        }

        @Test
        void aZeroDimensionIsRefused() throws IOException {
            assertThat(failure(IdxFiles.idx(new int[]{0, 28, 28}, new byte[0]))).contains("dimension 0 of size 0");
        }

        @Test
        void aNegativeDimensionIsRefusedWithTheHeadersDimensions() throws IOException {
            assertThat(failure(IdxFiles.idx(new int[]{2, -28, 28}, new byte[0])))
                    .contains("bad.idx", "[2, -28, 28]", "dimension 1 of size -28");
        }

        /**
         * 65536 x 65536 = 2^32 values a record: in int arithmetic that is 0, and a file without data would pass the
         * length check. Refused by IdxReader and by the streaming readers (IdxSource) alike, naming file and sizes.
         */
        @Test
        void dimensionsWhoseRecordOverflowsAnIntAreRefusedByEveryReader() throws IOException {
            byte[] header = IdxFiles.idx(new int[]{1, 65536, 65536}, new byte[0]);
            assertThat(failure(header)).contains("bad.idx", "[1, 65536, 65536]", "4294967296 values");
            InvalidDataException streamed = assertThrows(InvalidDataException.class,
                    () -> IdxStreams.check(new java.io.ByteArrayInputStream(header), "hdfs:///x/bad.idx"));
            assertThat(streamed.getMessage()).contains("hdfs:///x/bad.idx", "[1, 65536, 65536]", "4294967296 values");
        }

        @Test
        void aFileLargerThanAnArrayIsRefusedByTheReaderThatHoldsItWhole() throws IOException {
            assertThat(failure(IdxFiles.idx(new int[]{65536, 256, 128}, new byte[16])))
                    .contains("bad.idx", "[65536, 256, 128]", "2147483648 values", "holds the whole file");
        }

        @Test
        void labelsThatDoNotMatchTheImagesAreRefused() throws IOException {
            Path images = IdxFiles.write(dir.resolve("img"), IdxFiles.images(5, 2, 2), false);
            Path labels = IdxFiles.write(dir.resolve("lab"), IdxFiles.labels(4), false);
            InvalidDataException e = assertThrows(InvalidDataException.class,
                    () -> IdxReader.readImages(images, labels, 0));
            assertThat(e.getMessage()).contains("4 labels", "5 images");
        }

        @Test
        void aLabelsFileGivenAsImagesIsRefused() throws IOException {
            Path labels = IdxFiles.write(dir.resolve("lab"), IdxFiles.labels(4), false);
            InvalidDataException e = assertThrows(InvalidDataException.class,
                    () -> IdxReader.readImages(labels, null, 0));
            assertThat(e.getMessage()).contains("1 dimensions", "expected 3");
        }

        @Test
        void aMissingFileIsNamed() {
            Path missing = dir.resolve("train-images-idx3-ubyte.gz");
            InvalidDataException e = assertThrows(InvalidDataException.class, () -> IdxReader.read(missing));
            assertThat(e.getMessage()).contains("not found", "train-images-idx3-ubyte.gz");
        }

        @Test
        void aBrokenGzipStreamIsReported() throws IOException {
            Path file = IdxFiles.write(dir.resolve("broken.gz"), new byte[]{0x1f, (byte) 0x8b, 1, 2, 3}, false);
            InvalidDataException e = assertThrows(InvalidDataException.class, () -> IdxReader.read(file));
            assertThat(e.getMessage()).contains("broken.gz", "gzipped");
        }
    }
}
