/**
 * Internal: the engine's work on one customer as a pure function. {@link
 * io.relevans.internal.step.CustomerStep} takes the customer's stored record (or the records an event
 * merges), timers, message history, one input and the moment, and gives a {@link
 * io.relevans.internal.step.StepOutcome}: the commit to store and what to report. Runtimes call it.
 */
@NullMarked
package io.relevans.internal.step;

import org.jspecify.annotations.NullMarked;
