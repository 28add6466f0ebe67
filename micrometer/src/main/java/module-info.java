/** The engine's observations as Micrometer meters and Observation spans. */
module io.relevans.micrometer {
    exports io.relevans.micrometer;

    requires transitive io.relevans.core;
    requires transitive micrometer.core; // MeterRegistry is in the API
    requires transitive micrometer.observation; // ObservationRegistry is in the API
    requires static transitive org.jspecify;
}
