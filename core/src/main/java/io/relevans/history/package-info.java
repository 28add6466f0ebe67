/**
 * A customer base's history: importing years of orders, store visits and service contacts at go-live
 * into identities, profiles and features without running programs ({@link io.relevans.history.HistoryImport}).
 */
@NullMarked
package io.relevans.history;

import org.jspecify.annotations.NullMarked;
