package io.sparkgan.config;

/** What a run writes, and how often. {@code dir} empty means runs/&lt;name&gt;-&lt;time&gt;. */
public record OutputConfig(String dir, int logEverySteps, int sampleGrid, int samplePoints) {
}
