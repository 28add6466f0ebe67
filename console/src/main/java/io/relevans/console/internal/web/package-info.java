/**
 * The console's pages and its JSON REST API. Internal: not exported.
 */
@NullMarked
package io.relevans.console.internal.web;

import org.jspecify.annotations.NullMarked;
