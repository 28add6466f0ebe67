/**
 * The console as one servlet: routing, sign-in and roles. Internal: not exported.
 */
package io.relevans.console.internal;
