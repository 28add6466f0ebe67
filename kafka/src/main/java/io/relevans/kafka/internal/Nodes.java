package io.relevans.kafka.internal;

import java.util.List;

/** The names of the topology's sources, processors, sinks and state stores. */
final class Nodes {

    static final String EVENTS = "events";
    static final String IDENTITY_COMMANDS = "identity-commands";
    static final String CUSTOMER_COMMANDS = "customer-commands";
    static final String DIRECTORY_EVENTS = "directory-events";
    static final String DIRECTORY_COMMANDS = "directory-commands";
    static final String CUSTOMERS = "customers";
    static final String TO_IDENTITIES = "to-identity-commands";
    static final String TO_CUSTOMERS = "to-customer-commands";
    static final String TO_OUTBOX = "to-outbox";
    static final String TO_SEGMENT_CHANGES = "to-segment-changes";
    static final String TO_REFUSED = "to-refused";
    /** The customers' own sinks to the commands and refused topics: separate nodes keep the two sub-topologies apart. */
    static final String CUSTOMERS_TO_CUSTOMERS = "customers-to-customer-commands";
    static final String CUSTOMERS_TO_REFUSED = "customers-to-refused";
    /** The definitions topic's source and the processor that loads its records. */
    static final String DEFINITIONS = "definitions";
    static final String DEFINITIONS_LOADER = "definitions-loader";

    /** The identity directory: identity to customer id. */
    static final String DIRECTORY_STORE = "relevans-directory";
    /** Identities whose event's walk is under way, with the events named by them that wait for it. */
    static final String WALKS_STORE = "relevans-walks";
    /** The moment a directory partition's events have passed, and the walk steps waiting for theirs. */
    static final String HELD_STORE = "relevans-held";
    /** Customer records by id. */
    static final String RECORDS_STORE = "relevans-records";
    /** The identities of a partition's records. */
    static final String IDENTITIES_STORE = "relevans-identities";
    /** Timers by customer and key. */
    static final String TIMERS_STORE = "relevans-timers";
    /** Timer keys by due moment. */
    static final String DUE_STORE = "relevans-timers-due";
    /** Messages by id. */
    static final String MESSAGES_STORE = "relevans-messages";
    /** Message ids by customer and decision moment. */
    static final String CUSTOMER_MESSAGES_STORE = "relevans-customer-messages";
    /** Ids of messages waiting for release to the dispatcher, by next attempt. */
    static final String WAITING_STORE = "relevans-messages-waiting";
    /** Ids of messages released and not yet answered. */
    static final String IN_FLIGHT_STORE = "relevans-messages-in-flight";
    /** Where customers handed over to another went. */
    static final String FORWARDS_STORE = "relevans-forwards";
    /** Customers in the middle of a merge. */
    static final String PENDING_STORE = "relevans-pending";

    /** The latest record of the definitions topic (a global store: every instance has all of it). */
    static final String DEFINITIONS_STORE = "relevans-definitions";
    /** The key of the latest definitions in the definitions store. */
    static final String DEFINITIONS_KEY = io.relevans.kafka.RelevansDefinitions.KEY;
    /** The key of the latest prediction model in the definitions store. */
    static final String MODEL_KEY = io.relevans.kafka.RelevansDefinitions.MODEL_KEY;

    /** Per events partition, the moment its ticks passed; and the moment timers fired to. */
    static final String WATERMARKS_STORE = "relevans-watermarks";

    /** The stores of the customers' processor. */
    static final List<String> CUSTOMER_STORES = List.of(RECORDS_STORE, IDENTITIES_STORE, TIMERS_STORE, DUE_STORE,
            MESSAGES_STORE, CUSTOMER_MESSAGES_STORE, WAITING_STORE, IN_FLIGHT_STORE, FORWARDS_STORE, PENDING_STORE,
            WATERMARKS_STORE);

    private Nodes() {
    }
}
