package io.sparkgan.train;

import io.sparkgan.io.ModelStore;
import io.sparkgan.io.RunDirectory;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Per-epoch checkpoints: checkpoints/epoch-NNNN/ holds generator.zip and discriminator.zip (DL4J
 * ModelSerializer files with their Adam states), generator-ema.bin when EMA is on, and state.json with the
 * counters. The folder is written under a temporary name and renamed into place when complete.
 */
final class Checkpoints {
    private final RunDirectory run;

    Checkpoints(RunDirectory run) {
        this.run = run;
    }

    void write(String name, GanState state, int epoch) {
        Path target = run.checkpoints().resolve(name);
        Path tmp = run.checkpoints().resolve(name + ".tmp");
        try {
            Files.createDirectories(tmp);
            ModelStore.save(state.generator(), tmp.resolve("generator.zip"), true);
            ModelStore.save(state.discriminator(), tmp.resolve("discriminator.zip"), true);
            if (state.generatorAverage() != null) {
                Nd4j.saveBinary(state.generatorAverage(), tmp.resolve("generator-ema.bin").toFile());
            }
            String json = String.format("{\"epoch\": %d, \"generator_steps\": %d, \"discriminator_steps\": %d}%n",
                    epoch, state.generatorSteps(), state.discriminatorSteps());
            Files.writeString(tmp.resolve("state.json"), json, StandardCharsets.UTF_8);
            if (Files.exists(target)) {
                deleteTree(target);
            }
            Files.move(tmp, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint " + target.toAbsolutePath() + ": " + e, e);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
