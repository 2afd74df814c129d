package io.sparkgan.model;

import io.sparkgan.config.ConditionalDiscriminator;
import io.sparkgan.config.ModelConfig;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.SplittableRandom;

/**
 * How the class y of a conditional GAN enters the two players (K classes; an unconditional GAN is K = 0 and
 * every method the identity).
 * G: input [z, onehot(y)] [B, n + K] (the first dense layer's weights on the one-hot part are a learned class
 * embedding added to the projection of z).
 * D, projection (Miyato & Koyama 2018): D(x, y) = psi(phi(x)) + <e_y, phi(x)>. D's last dense layer maps the
 * features phi(x) to 1 + K outputs o = [psi(phi(x)), E phi(x)] (row k of E is e_k), so D(x, y) = o_0 + o_{1+y};
 * the loss's gradient per score goes back into those two outputs.
 * D, concatenation: onehot(y) as K extra inputs: K constant planes beside an image's channels [B, C + K, H, W],
 * or K extra features of a point [B, d + K]; one output.
 */
public final class Conditioning {
    public static final Conditioning NONE = new Conditioning(0, false);
    private final int classes;
    private final boolean projection;

    private Conditioning(int classes, boolean projection) {
        this.classes = classes;
        this.projection = projection;
    }

    /** The conditioning of {@code model} for a data set of {@code classes} classes (NONE for an unconditional model). */
    public static Conditioning of(ModelConfig model, int classes) {
        if (!model.conditional()) {
            return NONE;
        }
        if (classes < 2) {
            throw new IllegalArgumentException("model.conditional.enabled = true needs at least 2 classes in the data, "
                    + "found " + classes);
        }
        return new Conditioning(classes, model.conditionalDiscriminator() == ConditionalDiscriminator.PROJECTION);
    }

    public boolean active() {
        return classes > 0;
    }

    /** K, 0 when unconditional. */
    public int classes() {
        return classes;
    }

    /** n + K. */
    public int generatorInputs(int latentDim) {
        return latentDim + classes;
    }

    /** Extra input channels (images) or features (points) of D: K for concatenation, else 0. */
    public int discriminatorExtraInputs() {
        return projection ? 0 : classes;
    }

    /** D's outputs: 1 + K for projection, else 1. */
    public int discriminatorOutputs() {
        return projection ? 1 + classes : 1;
    }

    /** n classes drawn uniformly from {@code random}; null when unconditional (no draw, so no change of stream). */
    public int[] drawLabels(int n, SplittableRandom random) {
        if (!active()) {
            return null;
        }
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = random.nextInt(classes);
        }
        return labels;
    }

    /** G's input: z [B, n], or [z, onehot(y)] [B, n + K]. */
    public INDArray generatorInput(INDArray z, int[] labels) {
        return active() ? Nd4j.hstack(z, onehot(labels, z.dataType())) : z;
    }

    /** D's input: x itself, or for concatenation x with K one-hot channels (planes) or features. */
    public INDArray discriminatorInput(INDArray x, int[] labels) {
        if (!active() || projection) {
            return x;
        }
        INDArray hot = onehot(labels, x.dataType());                 // [B, K]
        if (x.rank() == 2) {
            return Nd4j.hstack(x, hot);
        }
        long[] shape = x.shape();                                      // [B, C, H, W]
        INDArray planes = hot.reshape(shape[0], classes, 1, 1).broadcast(shape[0], classes, shape[2], shape[3]);
        return Nd4j.concat(1, x, planes);
    }

    /** The score per sample [B] from D's output [B, outputs]: o_0, or o_0 + o_{1+y} for projection. */
    public INDArray scores(INDArray output, int[] labels) {
        if (!active() || !projection) {
            return output.reshape(output.size(0));
        }
        INDArray classOutputs = output.get(NDArrayIndex.all(), NDArrayIndex.interval(1, 1 + classes));   // [B, K]
        return classOutputs.mul(onehot(labels, output.dataType())).sum(1).addi(output.getColumn(0));
    }

    /** dLoss/doutput [B, outputs] from dLoss/dscore [B]: into o_0 (and o_{1+y} for projection). */
    public INDArray outputGradient(INDArray dScores, int[] labels) {
        INDArray column = dScores.reshape(dScores.length(), 1);
        if (discriminatorOutputs() == 1) {
            return column;
        }
        return Nd4j.hstack(column, onehot(labels, dScores.dataType()).muliColumnVector(column));
    }

    /**
     * dLoss/dx from dLoss/d(D's input): for concatenation without the one-hot channels or features.
     *
     * @param samplesShape the shape of the samples x themselves, [B, C, H, W] or [B, d]
     */
    public INDArray sampleGradient(INDArray inputGradient, long[] samplesShape) {
        if (discriminatorExtraInputs() == 0) {
            return inputGradient;
        }
        if (inputGradient.rank() == 2) {
            return inputGradient.get(NDArrayIndex.all(), NDArrayIndex.interval(0, samplesShape[1]));
        }
        return inputGradient.get(NDArrayIndex.all(), NDArrayIndex.interval(0, samplesShape[1]), NDArrayIndex.all(),
                NDArrayIndex.all());
    }

    private INDArray onehot(int[] labels, DataType type) {
        INDArray hot = Nd4j.zeros(type, labels.length, classes);
        for (int i = 0; i < labels.length; i++) {
            hot.putScalar(i, labels[i], 1.0);
        }
        return hot;
    }
}
