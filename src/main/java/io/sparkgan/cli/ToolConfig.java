package io.sparkgan.cli;

import com.typesafe.config.ConfigUtil;
import io.sparkgan.config.ConfigLoader;
import io.sparkgan.config.GanConfig;
import io.sparkgan.eval.GeneratorSampler;
import io.sparkgan.io.ModelStore;
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

    static ToolConfig load(Path runDir, Path configFile, List<String> overrides) {
        Path file = configFile != null ? configFile : runDir != null ? runDir.resolve("config.conf") : null;
        GanConfig config = file != null ? ConfigLoader.load(file, overrides) : ConfigLoader.parse("", "tool", overrides);
        boolean known = file != null || overrides.stream().anyMatch(o -> o.trim().startsWith("model.latent-dim"));
        return new ToolConfig(config, known);
    }

    /** key="path", quoted for HOCON (a path may hold characters HOCON treats specially, such as "//"). */
    static String path(String key, Path value) {
        return key + "=" + ConfigUtil.quoteString(value.toString());
    }

    /** A generator model file with the prior and latent dimension to sample it with. */
    GeneratorSampler sampler(Path modelFile) {
        MultiLayerNetwork generator = ModelStore.load(modelFile, false);
        int latentDim = latentDimKnown ? config.model().latentDim() : (int) generator.layerInputSize(0);
        return new GeneratorSampler(generator, LatentPrior.named(config.model().prior()), latentDim);
    }
}
