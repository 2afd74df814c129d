package io.sparkgan.config;

/**
 * What happens when a loss or a parameter becomes NaN or infinite.
 *
 * @param action             "stop" (error naming epoch, round and network; the last checkpoint stays) or
 *                           "rollback" (reload the last checkpoint, scale both learning rates, go on)
 * @param learningRateFactor factor applied to both learning rates at each roll-back, in (0, 1)
 * @param maxRollbacks       roll-backs allowed in one run before it stops anyway
 * @param injectEpoch        fault drill: poison D's parameters with NaN after this epoch's round
 *                           {@code injectRound} (once per process); -1 = off
 * @param injectRound        the round of the drill
 */
public record DivergenceConfig(DivergenceAction action, double learningRateFactor, int maxRollbacks, int injectEpoch,
                               int injectRound) {
    public boolean rollback() {
        return action == DivergenceAction.ROLLBACK;
    }
}
