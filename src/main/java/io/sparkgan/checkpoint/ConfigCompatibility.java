package io.sparkgan.checkpoint;

import io.sparkgan.config.ConfigLoader;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Whether a checkpoint may continue under the current config. The keys that fix the networks' shapes, the
 * data and the objective (seed, data.*, model.*, loss.*, train.batch-size, train.ema-decay) must be equal;
 * everything else (epochs, schedule, engine, master, partitions, output, checkpoint settings) may change,
 * and the changes are listed so the log shows them. A key the checkpoint does not have (written by a version of
 * spark-gan that did not know it) counts as unchanged while it has its default value now: that version behaved
 * as the default does; a key the checkpoint has and this version does not (one it dropped) is ignored.
 * model.dcgan.convolution, which layer implementation computes D's convolutions, may differ
 * here: checkpoints of versions before it hold DL4J's layers whatever the default now is, so {@link CheckpointStore}
 * compares the checkpoint's layers with the network built, and names the value to set. model.dcgan.batch-norm and
 * model.dcgan.activations may differ too: both choices of each hold the same parameters in the same layout.
 */
final class ConfigCompatibility {
    private static final List<String> FIXED = List.of("seed", "data.", "model.", "loss.", "train.batch-size",
            "train.ema-decay");
    private static final List<String> IMPLEMENTATION_CHOICES = List.of("model.dcgan.convolution",
            "model.dcgan.batch-norm", "model.dcgan.activations");

    private ConfigCompatibility() {
    }

    /** Throws naming every fixed key that differs, with both values; returns the other differences. */
    static List<String> check(String checkpointConfig, String currentConfig, String checkpoint) {
        Config old = ConfigFactory.parseString(checkpointConfig);
        Config now = ConfigFactory.parseString(currentConfig);
        List<String> incompatible = new ArrayList<>();
        List<String> changed = new ArrayList<>();
        Config defaults = ConfigLoader.defaults();
        TreeSet<String> keys = new TreeSet<>();
        old.entrySet().forEach(e -> keys.add(e.getKey()));
        now.entrySet().forEach(e -> keys.add(e.getKey()));
        for (String key : keys) {
            String was = value(old, key);
            String is = value(now, key);
            // a key this version no longer has (the fault drills, now system properties) cannot change what it does
            if (was.equals(is) || (!old.hasPathOrNull(key) && is.equals(value(defaults, key)))
                    || !now.hasPathOrNull(key)) {
                continue;
            }
            String line = key + ": " + was + " in the checkpoint, " + is + " now";
            if (!IMPLEMENTATION_CHOICES.contains(key)
                    && FIXED.stream().anyMatch(f -> f.endsWith(".") ? key.startsWith(f) : key.equals(f))) {
                incompatible.add(line);
            } else {
                changed.add(line);
            }
        }
        if (!incompatible.isEmpty()) {
            throw new CheckpointException("checkpoint " + checkpoint + " comes from an incompatible config: "
                    + String.join("; ", incompatible)
                    + " (these keys fix the networks, the data and the loss; start a new run to change them)");
        }
        return changed;
    }

    private static String value(Config config, String key) {
        if (!config.hasPathOrNull(key)) {
            return "(absent)";
        }
        ConfigValue v = config.getValue(key);
        return v.render(ConfigRenderOptions.concise());
    }
}
