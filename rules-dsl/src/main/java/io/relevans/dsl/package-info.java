/**
 * The Relevans rules language: {@link io.relevans.dsl.Relang} parses text files into
 * {@link io.relevans.definition.Definitions}, reports {@link io.relevans.dsl.Diagnostic}s with file,
 * line and column, and prints definitions back as text. Everything in {@code io.relevans.dsl.internal}
 * may change without notice.
 */
package io.relevans.dsl;
