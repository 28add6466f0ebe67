/**
 * The customer model: a stable id, linked identities, attributes with source and time,
 * consents per channel and purpose, a channel preference order and declared category
 * preferences. All types are immutable; "with" methods return changed copies.
 * Parameters and return values are never null unless a method says otherwise.
 */
@NullMarked
package io.relevans.customer;

import org.jspecify.annotations.NullMarked;
