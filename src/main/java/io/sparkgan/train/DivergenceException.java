package io.sparkgan.train;

/** A loss or parameter became NaN or infinite; the message names epoch, round or iteration, and network. */
public final class DivergenceException extends RuntimeException {
    public DivergenceException(String message) {
        super(message);
    }

    /** Throws when an iteration's D or G loss is not finite; {@code where} names the engine or partition. */
    public static void check(StepResult r, int epoch, int iteration, String where) {
        if (!Double.isFinite(r.discriminatorLoss())) {
            throw new DivergenceException("discriminator loss is " + r.discriminatorLoss() + " at epoch " + epoch
                    + ", iteration " + iteration + " of the epoch (" + where + ")");
        }
        if (!Double.isFinite(r.generatorLoss())) {
            throw new DivergenceException("generator loss is " + r.generatorLoss() + " at epoch " + epoch
                    + ", iteration " + iteration + " of the epoch (" + where + ")");
        }
    }
}
