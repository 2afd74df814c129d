package io.sparkgan.config;

/** A configuration that cannot run: the message names the key, the value found and what is allowed. */
public final class InvalidConfigException extends RuntimeException {
    public InvalidConfigException(String message) {
        super(message);
    }

    public InvalidConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
