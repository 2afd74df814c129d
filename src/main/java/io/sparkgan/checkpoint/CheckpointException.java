package io.sparkgan.checkpoint;

/** A checkpoint that cannot be written, read, or used with this config; the message names it and why. */
public final class CheckpointException extends RuntimeException {
    public CheckpointException(String message) {
        super(message);
    }

    public CheckpointException(String message, Throwable cause) {
        super(message, cause);
    }
}
