package io.sparkgan.augment;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;

/**
 * The augmentation T of one minibatch [B, C, H, W]: the policy's transforms in order, each with its parameters drawn
 * per image. {@link #apply} gives T(x), what D sees; {@link #adjoint} turns dL/dT(x) into dL/dx (T's Jacobian
 * transposed: the transforms' adjoints in reverse order), so that G's gradient flows through T. The pixel work runs
 * on the host in double (a few flops per pixel, beside D's convolutions), rounded once to the input's type.
 */
public final class DrawnAugmentation {
    /** The identity: no policy, nothing drawn, the same arrays back. */
    static final DrawnAugmentation NONE = new DrawnAugmentation(List.of());

    private final List<DrawnTransform> transforms;

    DrawnAugmentation(List<DrawnTransform> transforms) {
        this.transforms = List.copyOf(transforms);
    }

    /** T(x) as a new array of x's shape and type; x itself when there is nothing to apply. */
    public INDArray apply(INDArray x) {
        if (transforms.isEmpty()) {
            return x;
        }
        double[] values = x.ravel().toDoubleVector();           // [B * C * H * W], row-major
        for (DrawnTransform t : transforms) {
            t.forward(values);
        }
        return Nd4j.createFromArray(values).reshape(x.shape()).castTo(x.dataType());
    }

    /** J_T^T dy: the gradient with respect to T's input, from the gradient {@code dy} with respect to its output. */
    public INDArray adjoint(INDArray dy) {
        if (transforms.isEmpty()) {
            return dy;
        }
        double[] values = dy.ravel().toDoubleVector();
        for (int i = transforms.size() - 1; i >= 0; i--) {
            transforms.get(i).adjoint(values);
        }
        return Nd4j.createFromArray(values).reshape(dy.shape()).castTo(dy.dataType());
    }
}
