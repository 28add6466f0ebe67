/**
 * Relevans core: the customer model, events, definitions, the engine and the SPI.
 *
 * <p>Exports the API ({@code io.relevans} and its model packages) and the SPI ({@code io.relevans.spi}).
 * The engine's internals ({@code io.relevans.internal...}) are not exported; the few that the project's own
 * runtimes build on are exported only to them. Drools, Jackson, Caffeine and Hipparchus are implementation
 * details: no exported signature names them (docs/modules.md, the architecture test in module-tests/).
 */
module io.relevans.core {
    exports io.relevans;
    exports io.relevans.backtest;
    exports io.relevans.customer;
    exports io.relevans.definition;
    exports io.relevans.event;
    exports io.relevans.history;
    exports io.relevans.json;
    exports io.relevans.prediction;
    exports io.relevans.spi;

    // the stored JSON of records, timers and messages: the JDBC stores and the Kafka runtime write the same form
    exports io.relevans.internal.json to io.relevans.jdbc, io.relevans.kafka;
    // the Kafka runtime runs the engine's pure step inside Kafka Streams' processors
    exports io.relevans.internal.program to io.relevans.kafka;
    exports io.relevans.internal.runtime to io.relevans.kafka;
    exports io.relevans.internal.step to io.relevans.kafka;
    // the Kafka runtime's queries explain segments and read feature values as the engine does
    exports io.relevans.internal.engine to io.relevans.kafka;
    exports io.relevans.internal.feature to io.relevans.kafka;

    // Drools compiles the generated rules into classes of its own class loader (an unnamed module) that read the
    // facts (CustomerFacts) and MVEL reads them reflectively: opened at run time (to every module)
    opens io.relevans.internal.engine;

    requires static transitive org.jspecify;
    requires org.slf4j;
    requires com.fasterxml.jackson.databind;
    requires com.github.benmanes.caffeine;
    requires hipparchus.core;
    requires hipparchus.optim;
    requires org.kie.api;
    requires org.drools.engine.classic;
}
