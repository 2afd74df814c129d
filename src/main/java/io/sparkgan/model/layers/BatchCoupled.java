package io.sparkgan.model.layers;

/**
 * A layer whose output for one sample depends on the other samples of its batch at inference too: it normalises
 * with the batch's own statistics ({@link ResidualUpBlock}, {@link NormalisedConvolution}). Code that draws samples
 * from such a network feeds it full batches.
 */
public interface BatchCoupled {
}
