/**
 * Internal: the runtime around the step on the library's storage SPI. {@link
 * io.relevans.internal.runtime.StoreRuntime} resolves identities, takes the in-process locks, reads,
 * runs the step, calls actions and commits (redoing refused commits); {@link
 * io.relevans.internal.runtime.Schedules} and {@link io.relevans.internal.runtime.Resegmentation} drive
 * it for every stored customer.
 */
@NullMarked
package io.relevans.internal.runtime;

import org.jspecify.annotations.NullMarked;
