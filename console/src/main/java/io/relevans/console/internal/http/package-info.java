/**
 * Requests and responses: one exchange, routes, HTML built with escaping, refusals with their status. Internal: not exported.
 */
@NullMarked
package io.relevans.console.internal.http;

import org.jspecify.annotations.NullMarked;
