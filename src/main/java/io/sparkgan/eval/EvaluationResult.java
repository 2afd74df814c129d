package io.sparkgan.eval;

import java.util.Map;

/** The figures of one evaluation: for images {@link ImageEvaluation}, for 2-D mixtures {@link MixtureEvaluation}. */
public sealed interface EvaluationResult permits ImageEvaluation, MixtureEvaluation {
    /** The figures as JSON fields (snake_case), for metrics.jsonl and jobs/evaluate.sh --out. */
    Map<String, Object> toJson();

    /** One line for the console. */
    String summary();

    /** The mode-collapse alarm: classes present (or modes covered) below the floor; a floor of 0 is off. */
    boolean collapsed(int minClassesPresent, int minModesCovered);
}
