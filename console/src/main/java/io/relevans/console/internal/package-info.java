/**
 * The console as one servlet: routing, sign-in and roles. Internal: not exported.
 */
@NullMarked
package io.relevans.console.internal;

import org.jspecify.annotations.NullMarked;
