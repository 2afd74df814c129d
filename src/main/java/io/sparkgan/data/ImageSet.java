package io.sparkgan.data;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Optional;

/**
 * Images kept as uint8, NCHW; served as floats scaled to [-1, 1] (x / 127.5 - 1) for a tanh generator.
 * The pixels lie in blocks of whole images of at most {@link #BLOCK_BYTES} each, so a set is not limited to
 * one Java array (2 GiB); image i is image i mod k of block i / k, with k images per block.
 */
public final class ImageSet implements TrainingSet {
    /** Largest block: 64 MiB. */
    static final int BLOCK_BYTES = 64 << 20;
    private final byte[][] blocks;
    private final int imagesPerBlock;
    private final int n;
    private final int channels;
    private final int height;
    private final int width;
    private final int[] labels;
    /** The blocks on ND4J's backend as UINT8 [k, C*H*W], made on the first minibatch where it is a GPU. */
    private ResidentRows resident;

    /** One block holding all n images. */
    public ImageSet(byte[] pixels, int n, int channels, int height, int width, int[] labelsOrNull) {
        this(new byte[][]{pixels}, Math.max(n, 1), n, channels, height, width, labelsOrNull);
        if ((long) n * channels * height * width != pixels.length) {
            throw new IllegalArgumentException("pixel buffer of " + pixels.length + " bytes does not hold "
                    + n + "x" + channels + "x" + height + "x" + width + " images");
        }
    }

    private ImageSet(byte[][] blocks, int imagesPerBlock, int n, int channels, int height, int width,
                     int[] labelsOrNull) {
        this.blocks = blocks;
        this.imagesPerBlock = imagesPerBlock;
        this.n = n;
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.labels = labelsOrNull;
    }

    /** Collects images one by one into blocks (a Spark partition's shard, of any size). */
    public static final class Builder {
        private final int channels;
        private final int height;
        private final int width;
        private final int imageBytes;
        private final int imagesPerBlock;
        private final java.util.List<byte[]> blocks = new java.util.ArrayList<>();
        private byte[] current;
        private int inCurrent;
        private int n;

        public Builder(int channels, int height, int width) {
            this(channels, height, width, BLOCK_BYTES);
        }

        /** With blocks of at most {@code blockBytes} (tests use small ones). */
        Builder(int channels, int height, int width, int blockBytes) {
            this.channels = channels;
            this.height = height;
            this.width = width;
            this.imageBytes = channels * height * width;
            this.imagesPerBlock = Math.max(1, blockBytes / imageBytes);
        }

        /** Appends one image of C x H x W bytes. */
        public Builder add(byte[] image) {
            if (image.length != imageBytes) {
                throw new IllegalArgumentException("an image of " + image.length + " bytes in a set of " + channels
                        + "x" + height + "x" + width + " images");
            }
            if (n == Integer.MAX_VALUE) {
                throw new IllegalStateException("more than " + Integer.MAX_VALUE + " images in one shard");
            }
            if (current == null || inCurrent == imagesPerBlock) {
                current = new byte[imagesPerBlock * imageBytes];
                blocks.add(current);
                inCurrent = 0;
            }
            System.arraycopy(image, 0, current, inCurrent * imageBytes, imageBytes);
            inCurrent++;
            n++;
            return this;
        }

        public ImageSet build() {
            return build(null);
        }

        /** With one label per image added, or null. */
        public ImageSet build(int[] labelsOrNull) {
            if (labelsOrNull != null && labelsOrNull.length != n) {
                throw new IllegalArgumentException(labelsOrNull.length + " labels for " + n + " images");
            }
            if (current != null && inCurrent < imagesPerBlock) {
                blocks.set(blocks.size() - 1, java.util.Arrays.copyOf(current, inCurrent * imageBytes));
            }
            return new ImageSet(blocks.toArray(new byte[0][]), imagesPerBlock, n, channels, height, width, labelsOrNull);
        }
    }

    @Override
    public int size() {
        return n;
    }

    @Override
    public long[] sampleShape() {
        return new long[]{channels, height, width};
    }

    public Optional<int[]> labels() {
        return Optional.ofNullable(labels);
    }

    @Override
    public int[] labels(int[] rows) {
        if (labels == null) {
            return null;
        }
        int[] picked = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            picked[i] = labels[rows[i]];
        }
        return picked;
    }

    /** The images at {@code rows}, in that order, as a new set (copied), with their labels. */
    public ImageSet subset(int[] rows) {
        int per = channels * height * width;
        Builder b = new Builder(channels, height, width);
        byte[] image = new byte[per];
        int[] picked = labels == null ? null : new int[rows.length];
        for (int k = 0; k < rows.length; k++) {
            int i = rows[k];
            if (i < 0 || i >= n) {
                throw new IllegalArgumentException("image " + i + " of " + n);
            }
            System.arraycopy(blocks[i / imagesPerBlock], (i % imagesPerBlock) * per, image, 0, per);
            b.add(image);
            if (picked != null) {
                picked[k] = labels[i];
            }
        }
        return b.build(picked);
    }

    /** Adds the shape, every pixel and every label to {@code digest} (a content key for caches). */
    public void digestInto(java.security.MessageDigest digest) {
        digest.update((n + " " + channels + "x" + height + "x" + width + "\n").getBytes(
                java.nio.charset.StandardCharsets.UTF_8));
        long per = (long) channels * height * width;
        for (int b = 0; b < blocks.length; b++) {
            long inBlock = Math.min(imagesPerBlock, n - (long) b * imagesPerBlock);
            digest.update(blocks[b], 0, (int) (inBlock * per));
        }
        if (labels != null) {
            java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate(4 * labels.length);
            buffer.asIntBuffer().put(labels);
            digest.update(buffer.array());
        }
    }

    private synchronized ResidentRows resident() {
        if (resident == null) {
            int per = channels * height * width;
            java.util.List<INDArray> onDevice = new java.util.ArrayList<>();
            for (int b = 0; b < blocks.length; b++) {
                int rows = (int) Math.min(imagesPerBlock, n - (long) b * imagesPerBlock);
                onDevice.add(ResidentRows.unsignedBytes(blocks[b], rows, per));
            }
            resident = new ResidentRows(onDevice, imagesPerBlock);
        }
        return resident;
    }

    /** Blocks the pixels are held in (1 unless built image by image past 64 MiB). */
    int blocks() {
        return blocks.length;
    }

    /**
     * The images at {@code rows} as floats in [-1, 1], [rows.length, C, H, W]. On a GPU backend they are gathered
     * from the shard's copy in device memory and scaled there ({@link ResidentRows}); on the CPU from the Java
     * blocks. Both give the same floats: x / 127.5 - 1 in float32.
     */
    @Override
    public INDArray batch(int[] rows) {
        if (ResidentRows.onDevice()) {
            return resident().gather(rows).castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT).divi(127.5f).subi(1f)
                    .reshape('c', rows.length, channels, height, width);
        }
        int per = channels * height * width;
        float[] out = new float[rows.length * per];
        for (int i = 0; i < rows.length; i++) {
            byte[] block = blocks[rows[i] / imagesPerBlock];
            int src = (rows[i] % imagesPerBlock) * per;
            int dst = i * per;
            for (int p = 0; p < per; p++) {
                out[dst + p] = (block[src + p] & 0xff) / 127.5f - 1f;
            }
        }
        return Nd4j.create(out, new long[]{rows.length, channels, height, width}, 'c');
    }
}
