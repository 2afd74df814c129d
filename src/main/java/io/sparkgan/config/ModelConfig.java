package io.sparkgan.config;

import java.util.List;

/**
 * Generator and discriminator architecture.
 *
 * @param type                mlp or dcgan
 * @param latentDim           n, the dimension of z
 * @param prior               normal or uniform
 * @param generatorWidths     mlp hidden widths of G
 * @param discriminatorWidths mlp hidden widths of D
 * @param dcganBaseWidth      channels of D's first conv (doubling per scale)
 */
public record ModelConfig(String type, int latentDim, String prior, List<Integer> generatorWidths,
                          List<Integer> discriminatorWidths, int dcganBaseWidth) {
    public ModelConfig {
        generatorWidths = List.copyOf(generatorWidths);
        discriminatorWidths = List.copyOf(discriminatorWidths);
    }
}
