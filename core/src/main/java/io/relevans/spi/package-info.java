/**
 * The service provider interface: what an application implements to plug in its own storage,
 * with in-memory defaults ({@link io.relevans.spi.InMemoryCustomerStore}), or to observe the engine
 * ({@link io.relevans.spi.EngineObserver}, with a no-op and a guarded one). Interfaces are small
 * and take records; they grow by default methods. Never null unless a method says otherwise.
 */
@NullMarked
package io.relevans.spi;

import org.jspecify.annotations.NullMarked;
