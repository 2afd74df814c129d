package io.sparkgan.cli;

import java.nio.file.Path;

/**
 * How a training job treats its run directory.
 *
 * @param out       run directory; null = output.dir, else runs/&lt;name&gt;-&lt;time&gt;
 * @param resume    run directory to continue from its latest complete checkpoint (a new run starts there
 *                  when it has none yet, so a scheduler's retry of the same command resumes); null = none
 * @param overwrite delete a non-empty run directory (and its checkpoints) and start over
 * @param dryRun    one step of everything, then exit
 */
public record TrainOptions(Path out, Path resume, boolean overwrite, boolean dryRun) {
    public static TrainOptions fresh(Path out, boolean dryRun) {
        return new TrainOptions(out, null, false, dryRun);
    }
}
