package io.sparkgan.train;

/** A loss became NaN or infinite; the message names epoch, step and network. */
public final class DivergenceException extends RuntimeException {
    public DivergenceException(String message) {
        super(message);
    }
}
