/**
 * How built-in events change a customer's profile: consents, preferences, confirmed attributes. Internal: not exported.
 */
@NullMarked
package io.relevans.internal.profile;

import org.jspecify.annotations.NullMarked;
