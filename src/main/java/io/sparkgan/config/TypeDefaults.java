package io.sparkgan.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;

/**
 * Defaults that depend on model.type, between what the file and the command line give and reference.conf:
 * with model.type = resnet, loss.family = hinge and loss.lipschitz = spectral (SNGAN's setting, Miyato et al.
 * 2018) unless the file or the command line sets them. Every other type takes reference.conf's defaults.
 */
final class TypeDefaults {
    private static final String RESNET = "loss.family = hinge\nloss.lipschitz = spectral";

    private TypeDefaults() {
    }

    /** The defaults for the model.type that {@code given} (file and command line, unresolved) sets. */
    static Config of(Config given) {
        try {
            if (given.hasPath("model.type") && "resnet".equals(given.getValue("model.type").unwrapped())) {
                return ConfigFactory.parseString(RESNET);
            }
        } catch (ConfigException e) {
            // an unresolved or odd model.type: reading the merged config names it
        }
        return ConfigFactory.empty();
    }
}
