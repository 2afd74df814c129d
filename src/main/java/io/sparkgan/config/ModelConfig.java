package io.sparkgan.config;

import java.util.List;

/**
 * Generator and discriminator architecture.
 *
 * @param type                    mlp, dcgan or linear
 * @param latentDim               n, the dimension of z
 * @param prior                   normal or uniform
 * @param generatorWidths         mlp hidden widths of G
 * @param discriminatorWidths     mlp hidden widths of D
 * @param dcganBaseWidth          channels of D's first conv (doubling per scale)
 * @param dcganDiscriminatorNorm  batch (batch normalisation after D's inner convolutions) or none
 * @param dcganConvolution        onednn (D's convolutions on ND4J's conv2d op) or dl4j (DL4J's ConvolutionLayer)
 * @param linearGeneratorStart    theta at step 0 of the linear model G(z) = theta
 * @param linearDiscriminatorStart psi at step 0 of the linear model D(x) = psi x
 * @param conditional             the class enters G and D (the conditional GAN)
 * @param conditionalDiscriminator projection or concatenation
 */
public record ModelConfig(String type, int latentDim, String prior, List<Integer> generatorWidths,
                          List<Integer> discriminatorWidths, int dcganBaseWidth, String dcganDiscriminatorNorm,
                          String dcganConvolution,
                          double linearGeneratorStart, double linearDiscriminatorStart, boolean conditional,
                          String conditionalDiscriminator) {
    public ModelConfig {
        generatorWidths = List.copyOf(generatorWidths);
        discriminatorWidths = List.copyOf(discriminatorWidths);
    }

    /** This architecture with D's convolutions of {@code implementation} (onednn or dl4j). */
    public ModelConfig withDcganConvolution(String implementation) {
        return new ModelConfig(type, latentDim, prior, generatorWidths, discriminatorWidths, dcganBaseWidth,
                dcganDiscriminatorNorm, implementation, linearGeneratorStart, linearDiscriminatorStart, conditional,
                conditionalDiscriminator);
    }
}
