package io.sparkgan.data;

/** Input data that cannot be used; the message names the file and what is wrong with it. */
public final class InvalidDataException extends RuntimeException {
    public InvalidDataException(String message) {
        super(message);
    }

    public InvalidDataException(String message, Throwable cause) {
        super(message, cause);
    }
}
