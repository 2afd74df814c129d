package io.sparkgan.train;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 of the parameters of every network (G, D, G's EMA when on, spectral normalisation's vectors when
 * on, and CycleGAN's G_BA, D_A and history pools), each as float32 little-endian in
 * DL4J's flattened order, batch-norm statistics included: equal digests mean bit-identical models.
 */
public final class ParamsDigest {
    private ParamsDigest() {
    }

    public static String of(GanState state) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            update(sha, state.generator().params());
            update(sha, state.discriminator().params());
            if (state.generatorAverage() != null) {
                update(sha, state.generatorAverage());
            }
            if (state.lipschitzState() != null) {
                update(sha, state.lipschitzState());
            }
            if (state.augmentState() != null) {
                update(sha, state.augmentState());
            }
            if (state.isCycle()) {
                update(sha, state.reverse().generator().params());
                update(sha, state.reverse().discriminator().params());
                if (state.pools() != null) {
                    update(sha, state.pools());
                }
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void update(MessageDigest sha, INDArray params) {
        float[] values = params.toFloatVector();
        ByteBuffer bytes = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(values);
        sha.update(bytes);
    }
}
