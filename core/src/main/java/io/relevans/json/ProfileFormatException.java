package io.relevans.json;

/**
 * A customer profile in JSON that cannot be read: malformed JSON, a missing or mistyped field, an
 * invalid name. The message names the field (such as {@code attributes.gender.time}) and the problem.
 */
public final class ProfileFormatException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String field;
    private final String problem;

    /**
     * @param field   the path of the offending field, empty for the profile as a whole
     * @param problem what is wrong with it
     */
    public ProfileFormatException(String field, String problem) {
        super(field.isEmpty() ? "invalid profile: " + problem : "invalid profile field '" + field + "': " + problem);
        this.field = field;
        this.problem = problem;
    }

    /** The path of the offending field; empty for the profile as a whole. */
    public String field() {
        return field;
    }

    /** What is wrong, without the field. */
    public String problem() {
        return problem;
    }
}
