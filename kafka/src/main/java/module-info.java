/**
 * The Relevans engine on Kafka Streams, partitioned by customer. Exports {@code io.relevans.kafka}; the
 * processors, stores and serdes ({@code io.relevans.kafka.internal}) are not exported.
 */
module io.relevans.kafka {
    exports io.relevans.kafka;

    requires transitive io.relevans.core;
    requires transitive kafka.streams; // the topology and the Streams configuration are in the API
    requires transitive kafka.clients; // serdes and producer/consumer settings
    requires static transitive org.jspecify;
    requires org.slf4j;
    requires com.fasterxml.jackson.databind;
}
