package io.sparkgan.eval;

import java.util.Map;

/** The figures of one evaluation: for images {@link ImageScores}, for 2-D mixtures {@link MixtureScores}. */
public sealed interface SampleScores permits ImageScores, MixtureScores {
    /** The figures as JSON fields (snake_case), for metrics.jsonl and jobs/evaluate.sh --out. */
    Map<String, Object> toJson();

    /** One line for the console. */
    String summary();

    /** The mode-collapse alarm: classes present (or modes covered) below the floor; a floor of 0 is off. */
    boolean collapsed(int minClassesPresent, int minModesCovered);
}
