package io.sparkgan.train;

/** A loss or parameter became NaN or infinite; the message names epoch, round or iteration, and network. */
public final class DivergenceException extends RuntimeException {
    public DivergenceException(String message) {
        super(message);
    }
}
