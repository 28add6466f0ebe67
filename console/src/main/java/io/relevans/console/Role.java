package io.relevans.console;

/**
 * What a person may do in the console. A user has one or more roles; an admin may do everything.
 */
public enum Role {
    /**
     * Store staff and customer service (S12, S14, S22): find one customer at a time, see their timeline,
     * segments and next best offers, correct their data, record complaints and notes, send the satisfaction
     * survey. No aggregates, no definitions.
     */
    STAFF,
    /**
     * Marketers (S2, S4, S5, S9, S17): programs with their results against control, suppressions, segment
     * sizes, channel use, and the definitions with their diagnostics; aggregates only, never one customer's data.
     */
    MARKETER,
    /** Everything staff and marketers may, and also reload definitions and ingest events through the API. */
    ADMIN
}
