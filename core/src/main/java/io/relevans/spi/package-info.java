/**
 * The service provider interface: what an application implements to plug in its own storage,
 * with in-memory defaults ({@link io.relevans.spi.InMemoryCustomerStore}). Interfaces are small
 * and take records; they grow by default methods. Never null unless a method says otherwise.
 */
package io.relevans.spi;
