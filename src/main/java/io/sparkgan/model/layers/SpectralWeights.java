package io.sparkgan.model.layers;

import java.util.List;

/**
 * A layer with several convolution weight tensors [k, k, C, C'] that spectral normalisation (loss.lipschitz =
 * spectral) divides by their largest singular value, each as the matrix [C', k k C] ({@link Convolution#weightMatrix}).
 * Layers with one weight "W" need nothing: the normalisation finds it by DL4J's key.
 */
public interface SpectralWeights {
    /** The keys of the weight tensors in the layer's parameter table, in a fixed order. */
    List<String> spectralWeightKeys();
}
