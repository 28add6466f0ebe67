/**
 * The Relevans engine on Kafka Streams, partitioned by customer. Exports {@code io.relevans.kafka} and the
 * query transport's SPI ({@code io.relevans.kafka.spi}); the
 * processors, stores and serdes ({@code io.relevans.kafka.internal}) are not exported.
 */
module io.relevans.kafka {
    exports io.relevans.kafka;
    exports io.relevans.kafka.spi;

    requires transitive io.relevans.core;
    requires transitive kafka.streams; // the topology and the Streams configuration are in the API
    requires transitive kafka.clients; // serdes and producer/consumer settings
    requires static transitive org.jspecify;
    requires io.relevans.dsl; // definitions published as text in the language
    requires java.net.http; // HttpQueryTransport's client
    requires jdk.httpserver; // HttpQueryTransport's server
    requires org.slf4j;
    requires com.fasterxml.jackson.databind;
}
