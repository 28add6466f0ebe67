/**
 * Internal: how programs run. {@link io.relevans.internal.program.CompiledPrograms} turns program
 * conditions into hidden conditions compiled with the segments; {@link
 * io.relevans.internal.program.ProgramRunner} starts, resumes and ends journeys and decides sends
 * through the guards; {@link io.relevans.internal.program.Dispatcher} hands stored messages to
 * channels with retries.
 */
@NullMarked
package io.relevans.internal.program;

import org.jspecify.annotations.NullMarked;
