package io.sparkgan.config;

import java.util.List;

/**
 * Generator and discriminator architecture.
 *
 * @param type                    mlp, dcgan, resnet or linear
 * @param latentDim               n, the dimension of z
 * @param prior                   normal or uniform
 * @param generatorWidths         mlp hidden widths of G
 * @param discriminatorWidths     mlp hidden widths of D
 * @param dcganBaseWidth          channels of D's first conv (doubling per scale)
 * @param dcganDiscriminatorNorm  batch (batch normalisation after D's inner convolutions) or none
 * @param dcganConvolution        onednn (D's convolutions on ND4J's conv2d op) or dl4j (DL4J's ConvolutionLayer)
 * @param dcganBatchNorm          onednn (batch norm of images on ND4J's batchnorm ops) or dl4j (DL4J's own passes)
 * @param dcganActivations        vectorised (ReLU and LeakyReLU on vectorised ND4J ops) or dl4j (DL4J's own)
 * @param resnetGeneratorWidth    channels of resnet G's blocks (28 and 32 px; at 64 px the last block's, doubling
 *                                towards the start)
 * @param resnetDiscriminatorWidth channels of resnet D's blocks (28 and 32 px; at 64 px the first block's, doubling)
 * @param linearGeneratorStart    theta at step 0 of the linear model G(z) = theta
 * @param linearDiscriminatorStart psi at step 0 of the linear model D(x) = psi x
 * @param conditional             the class enters G and D (the conditional GAN)
 * @param conditionalDiscriminator projection or concatenation
 */
public record ModelConfig(ModelType type, int latentDim, Prior prior, List<Integer> generatorWidths,
                          List<Integer> discriminatorWidths, int dcganBaseWidth,
                          DiscriminatorNorm dcganDiscriminatorNorm,
                          LayerImplementation dcganConvolution, LayerImplementation dcganBatchNorm,
                          ActivationImplementation dcganActivations,
                          int resnetGeneratorWidth, int resnetDiscriminatorWidth,
                          double linearGeneratorStart, double linearDiscriminatorStart, boolean conditional,
                          ConditionalDiscriminator conditionalDiscriminator) {
    public ModelConfig {
        generatorWidths = List.copyOf(generatorWidths);
        discriminatorWidths = List.copyOf(discriminatorWidths);
    }

    /** This architecture computed by DL4J's own layers only (convolutions, batch norm and activations of dl4j). */
    public ModelConfig withDl4jLayers() {
        return new ModelConfig(type, latentDim, prior, generatorWidths, discriminatorWidths, dcganBaseWidth,
                dcganDiscriminatorNorm, LayerImplementation.DL4J, LayerImplementation.DL4J,
                ActivationImplementation.DL4J, resnetGeneratorWidth, resnetDiscriminatorWidth, linearGeneratorStart, linearDiscriminatorStart, conditional,
                conditionalDiscriminator);
    }
}
