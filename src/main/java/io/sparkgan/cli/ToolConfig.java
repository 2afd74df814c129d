package io.sparkgan.cli;

import com.typesafe.config.ConfigUtil;
import io.sparkgan.config.ConfigLoader;
import io.sparkgan.config.GanConfig;
import io.sparkgan.eval.GeneratorSampler;
import io.sparkgan.io.ModelStore;
import io.sparkgan.io.RunDirectory;
import io.sparkgan.platform.Location;
import io.sparkgan.train.LatentPrior;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

import java.nio.file.Path;
import java.util.List;

/**
 * The configuration jobs/evaluate.sh and jobs/generate.sh work with: a run directory's config.conf, else
 * the experiment file given, else reference.conf alone; key=value overrides on top, validated as for training.
 *
 * @param latentDimKnown whether model.latent-dim came from a run, a file or an override; otherwise a bare
 *                       model file's input size is its latent dimension (an unconditional generator)
 */
record ToolConfig(GanConfig config, boolean latentDimKnown) {

    static ToolConfig load(Location runDir, Path configFile, List<String> overrides) {
        GanConfig config;
        if (configFile != null) {
            config = ConfigLoader.load(configFile, overrides);
        } else if (runDir != null) {
            Location file = runDir.resolve(RunDirectory.CONFIG_FILE);
            if (!file.isFile()) {
                throw new IllegalArgumentException("--run " + runDir + ": no " + RunDirectory.CONFIG_FILE
                        + " there (not a run directory, or one whose run has not started)");
            }
            config = ConfigLoader.parse(file.readString(), "config", overrides);
        } else {
            config = ConfigLoader.parse("", "tool", overrides);
        }
        boolean known = configFile != null || runDir != null
                || overrides.stream().anyMatch(o -> o.trim().startsWith("model.latent-dim"));
        return new ToolConfig(config, known);
    }

    /** key="path", quoted for HOCON (a path may hold characters HOCON treats specially, such as "//"). */
    static String path(String key, Object value) {
        return key + "=" + ConfigUtil.quoteString(value.toString());
    }

    /** A generator model file with the prior and latent dimension to sample it with. */
    GeneratorSampler sampler(Location modelFile) {
        MultiLayerNetwork generator = ModelStore.load(modelFile, false);
        int latentDim = latentDimKnown ? config.model().latentDim() : (int) generator.layerInputSize(0);
        return new GeneratorSampler(generator, LatentPrior.named(config.model().prior()), latentDim);
    }
}
