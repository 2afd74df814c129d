package io.sparkgan.platform;

/**
 * The cluster cannot run the job: the master cannot be reached or refused the application, or a round
 * did not finish in time (master gone, every executor lost). The message is one line naming the master
 * URL or the round and the cause; the run's checkpoints are intact, so --resume continues it.
 */
public final class SparkUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SparkUnavailableException(String message) {
        super(message);
    }
}
