/**
 * The definition model: segments as immutable conditions over a customer's attributes, consents,
 * declared preferences, engine-maintained features and other segments, built fluently in Java
 * ({@link io.relevans.definition.Conditions}, {@link io.relevans.definition.Features},
 * {@link io.relevans.definition.Segment#named(String)}) or parsed from the Relevans language.
 * Definitions are values: two equal definitions compile to the same rules. Never null unless a
 * method says otherwise.
 */
@NullMarked
package io.relevans.definition;

import org.jspecify.annotations.NullMarked;
