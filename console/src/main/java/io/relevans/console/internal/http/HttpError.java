package io.relevans.console.internal.http;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A request the console refuses, with the HTTP status, the field at fault when there is one (a JSON field such
 * as {@code events[2].lines[0].price}, or a form field), and a message for people.
 */
public final class HttpError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final @Nullable String field;

    /** A refusal naming the field at fault; {@code field} may be null. */
    public HttpError(int status, @Nullable String field, String message) {
        super(message);
        this.status = status;
        this.field = field;
    }

    /** 400: the request is wrong in the field. */
    public static HttpError bad(@Nullable String field, String message) {
        return new HttpError(400, field, message);
    }

    /** 404: nothing there. */
    public static HttpError notFound(String message) {
        return new HttpError(404, null, message);
    }

    /** The HTTP status. */
    public int status() {
        return status;
    }

    /** The field at fault, if one is. */
    public Optional<String> field() {
        return Optional.ofNullable(field);
    }
}
