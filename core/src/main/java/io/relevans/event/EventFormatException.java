package io.relevans.event;

/**
 * An event that cannot be accepted: malformed JSON, a missing or mistyped field, a value out of
 * range. The message names the field (a path such as {@code properties.rating} or
 * {@code lines[2].price}) and the problem. Nothing of a rejected event is applied.
 */
public final class EventFormatException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String field;
    private final String problem;

    /**
     * @param field   the path of the offending field, or an empty string for the whole event
     * @param problem what is wrong with it
     */
    public EventFormatException(String field, String problem) {
        super(field.isEmpty() ? "invalid event: " + problem : "invalid event field '" + field + "': " + problem);
        this.field = field;
        this.problem = problem;
    }

    /** The path of the offending field, such as {@code lines[2].price}; empty for the event as a whole. */
    public String field() {
        return field;
    }

    /** What is wrong, without the field. */
    public String problem() {
        return problem;
    }

    /** The same problem with its field placed under a parent path, such as {@code lines[2]}. */
    public EventFormatException under(String parent) {
        return new EventFormatException(field.isEmpty() ? parent : parent + "." + field, problem);
    }
}
