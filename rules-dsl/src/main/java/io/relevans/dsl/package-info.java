/**
 * The Relevans rules language: {@link io.relevans.dsl.Relang} parses text files (from strings, a directory
 * or a class path folder) into {@link io.relevans.definition.Definitions}, reports
 * {@link io.relevans.dsl.Diagnostic}s (errors and warnings) with file, line and column, and prints definitions
 * back as text; {@link io.relevans.dsl.DefinitionsReloader} replaces a running engine's definitions from the
 * files when they read without error. Everything in {@code io.relevans.dsl.internal} may change without
 * notice.
 */
@NullMarked
package io.relevans.dsl;

import org.jspecify.annotations.NullMarked;
