package io.switchboard.router.core.spi;

/** Thrown (or used to complete a route stage) when no candidate can take the request; the data plane answers 503. */
public final class NoExpertAvailableException extends RuntimeException {
    public NoExpertAvailableException(String message) {
        super(message, null, false, false);
    }
}
