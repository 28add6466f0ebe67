package io.relevans.internal.feature;

/**
 * When a customer's memberships were last evaluated, stamped into the feature state saved with them:
 * the memberships stored beside a state with this stamp are exactly what the definitions with the
 * fingerprint gave for the stored profile and this state at the moment. The engine then re-evaluates
 * only the segments whose inputs differ between that moment and now.
 *
 * @param at          the moment of the evaluation, epoch milliseconds
 * @param definitions the fingerprint of the segment definitions evaluated
 */
public record Evaluation(long at, long definitions) {
}
