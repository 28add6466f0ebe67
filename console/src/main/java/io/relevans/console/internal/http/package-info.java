/**
 * Requests and responses: one exchange, routes, HTML built with escaping, refusals with their status. Internal: not exported.
 */
package io.relevans.console.internal.http;
