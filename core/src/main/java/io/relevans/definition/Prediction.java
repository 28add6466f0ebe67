package io.relevans.definition;

/**
 * What a {@link Feature.Predicted} feature predicts about a customer from the days and amounts of their
 * purchases, with the customer-base models the engine fitted ({@code io.relevans.prediction}: BG/NBD for
 * purchases and activity, Gamma-Gamma for spend). The names are the language's.
 */
public enum Prediction {

    /** {@code p_alive}: the probability, from 0 to 1, that the customer is still an active customer. */
    ALIVE("p_alive"),

    /** {@code expected_purchases next <period>}: the expected number of purchase days in the coming period. */
    PURCHASES("expected_purchases"),

    /**
     * {@code expected_spend next <period>}: the expected spend in the coming period, the expected purchases
     * times the expected spend per purchase, optionally discounted per year.
     */
    SPEND("expected_spend");

    private final String keyword;

    Prediction(String keyword) {
        this.keyword = keyword;
    }

    /** The name in the language and in {@link Feature#describe()}: {@code p_alive}, {@code expected_purchases}... */
    public String keyword() {
        return keyword;
    }

    /** Whether the prediction looks ahead over a period ({@code next 90d}). */
    public boolean hasHorizon() {
        return this != ALIVE;
    }
}
