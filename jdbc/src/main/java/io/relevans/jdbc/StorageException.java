package io.relevans.jdbc;

import org.jspecify.annotations.Nullable;

/**
 * A JDBC store could not do what it was asked: the database refused or failed a statement, the
 * connection broke, or a stored row could not be read back. The message names the operation and the
 * customer (by id, never by email or phone) and, for database errors, the SQL state; the cause is the
 * driver's exception. A failed write changed nothing: every write is one transaction.
 */
public class StorageException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * A failure with its cause.
     *
     * @param message what could not be done, and where
     * @param cause   the driver's or the decoder's exception; null when the failure has no exception of its own
     */
    public StorageException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
