package io.relevans.customer;

/** What a customer declared about a category (S21): wanted, or "not for me". */
public enum Interest {
    /** The customer wants to hear about the category. */
    INTERESTED,
    /** The customer declared the category is not for them: it is never promoted to them. */
    NOT_INTERESTED
}
