package io.relevans.kafka;

import org.jspecify.annotations.Nullable;

/**
 * A query about a customer could not be answered now: the instance that owns the customer is not known yet
 * or has just changed (the application is starting or rebalancing), or it could not be reached. Nothing is
 * wrong with the question: ask again a little later (an HTTP API answers 503).
 */
public final class QueryUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what was not available, naming the store or the instance, never a customer's identity
     * @param cause   what the runtime or the transport reported, or null
     */
    public QueryUnavailableException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
