package io.sparkgan.config;

/**
 * CycleGAN (Zhu et al. 2017): image set B and the weights of its losses. Set A is {@link GanConfig#data()}.
 *
 * @param enabled            train a CycleGAN instead of a GAN
 * @param lambda             weight of the cycle-consistency loss
 * @param identity           weight of the identity loss, as a multiple of lambda (0 = off)
 * @param poolSize           generated images kept per discriminator (the history pool; 0 = none)
 * @param generatorWidth     channels of the generators' first convolution
 * @param discriminatorWidth channels of the PatchGAN discriminators' first convolution
 * @param residualBlocks     residual blocks of each generator
 * @param knownMap           none, or invert-shift: B is the B set under a known map T (a task with an answer)
 * @param b                  where image set B comes from
 */
public record CycleConfig(boolean enabled, double lambda, double identity, int poolSize, int generatorWidth,
                          int discriminatorWidth, int residualBlocks, CycleKnownMap knownMap, DataConfig b) {
    /** Weight of the identity loss: identity x lambda. */
    public double identityWeight() {
        return identity * lambda;
    }

    public boolean hasKnownMap() {
        return knownMap != CycleKnownMap.NONE;
    }
}
