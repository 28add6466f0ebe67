package io.relevans.customer;

/** Where a piece of customer data came from (S20): it decides how much it can be trusted and when to re-ask. */
public enum Source {
    /** The customer said so: a form, a survey answer, a preference click. */
    DECLARED,
    /** The engine or an analysis concluded it from behaviour. */
    INFERRED,
    /** Loaded from another system. */
    IMPORTED,
    /** Store or customer service staff recorded it in a meeting with the customer (S22). */
    STAFF
}
