package io.relevans.internal.feature;

/**
 * When a customer's memberships were last evaluated, stamped into the feature state saved with them:
 * the memberships stored beside a state with this stamp are exactly what the definitions with the
 * fingerprint gave for the stored profile and this state at the moment. The engine then re-evaluates
 * only the segments whose inputs differ between that moment and now.
 *
 * <p>{@code until} is the first moment at which a feature comparison of the segments may answer otherwise
 * for this state, without new events (a window lets an event go, a "days since" passes its threshold, a
 * prediction's day ends): before it, the feature tests answer as they did at {@code at}. It is never later
 * than the true moment (it may be earlier); {@link Long#MAX_VALUE} when nothing the segments compare
 * changes with time alone. Ages of attributes are not in it: they depend on the profile, not on this state.
 *
 * @param at          the moment of the evaluation, epoch milliseconds
 * @param definitions the fingerprint of the segment definitions evaluated
 * @param until       the first moment a feature test may answer otherwise, epoch milliseconds; {@code at}
 *                    when not known (states stamped before it was kept)
 */
public record Evaluation(long at, long definitions, long until) {

    /** A stamp whose feature tests are not known to hold past its moment. */
    public Evaluation(long at, long definitions) {
        this(at, definitions, at);
    }

    /** Whether the feature tests answer at {@code now} as they did at the stamp's moment. */
    public boolean holdsAt(long now) {
        return now >= at && now < until;
    }
}
