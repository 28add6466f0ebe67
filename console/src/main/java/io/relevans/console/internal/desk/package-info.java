/**
 * The service desk's work behind the pages and the API: customers, corrections, complaints, notes, surveys. Internal: not exported.
 */
@NullMarked
package io.relevans.console.internal.desk;

import org.jspecify.annotations.NullMarked;
