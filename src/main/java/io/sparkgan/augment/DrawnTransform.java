package io.sparkgan.augment;

/**
 * One transform of a policy with its random parameters drawn for every image of a minibatch: a linear (translation,
 * cutout) or affine (colour) map T of each image. {@link #forward} computes y = T(x); {@link #adjoint} maps dL/dy to
 * dL/dx = J_T^T dL/dy, the backward pass G's gradient takes through the augmentation. Both work in place on the
 * minibatch's values, [B, C, H, W] row-major, in double.
 */
interface DrawnTransform {
    void forward(double[] images);

    void adjoint(double[] gradients);
}
