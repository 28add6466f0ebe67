/**
 * The console's pages and its JSON REST API. Internal: not exported.
 */
package io.relevans.console.internal.web;
