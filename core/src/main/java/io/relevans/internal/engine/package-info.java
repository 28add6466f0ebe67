/**
 * Segments compiled to Drools rules and evaluated: the only code that imports {@code org.kie}. Internal: not exported.
 */
@NullMarked
package io.relevans.internal.engine;

import org.jspecify.annotations.NullMarked;
