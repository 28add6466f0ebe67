/**
 * Metrics and tracing for the Relevans engine through Micrometer: {@link io.relevans.micrometer.MicrometerObserver}
 * implements the engine's {@link io.relevans.spi.EngineObserver} with meters named {@code relevans.*} (bounded
 * tags only) and, given an {@link io.micrometer.observation.ObservationRegistry}, observations of ingests and
 * deliveries. The one public type; the spans and key-value helpers are package-private.
 */
@NullMarked
package io.relevans.micrometer;

import org.jspecify.annotations.NullMarked;
