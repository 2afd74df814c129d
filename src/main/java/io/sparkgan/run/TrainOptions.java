package io.sparkgan.run;

/**
 * How a training job treats its run directory. Paths are any Hadoop path (hdfs://, s3a://, ...) or a local one.
 *
 * @param out       run directory; null = output.dir, else runs/&lt;name&gt;-&lt;time&gt;
 * @param resume    run directory to continue from its latest complete checkpoint (a new run starts there
 *                  when it has none yet, so a scheduler's retry of the same command resumes); null = none
 * @param overwrite clear a non-empty run directory (a spark-gan run's, or empty; any other folder is refused)
 *                  and the run's checkpoints, and start over
 * @param dryRun    one step of everything, then exit
 */
public record TrainOptions(String out, String resume, boolean overwrite, boolean dryRun) {
    /** Local folders (tests, the bench). */
    public TrainOptions(java.nio.file.Path out, java.nio.file.Path resume, boolean overwrite, boolean dryRun) {
        this(out == null ? null : out.toString(), resume == null ? null : resume.toString(), overwrite, dryRun);
    }

    public static TrainOptions fresh(java.nio.file.Path out, boolean dryRun) {
        return new TrainOptions(out, null, false, dryRun);
    }

    public static TrainOptions fresh(String out, boolean dryRun) {
        return new TrainOptions(out, null, false, dryRun);
    }
}
