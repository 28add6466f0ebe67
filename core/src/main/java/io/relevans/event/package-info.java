/**
 * Events: immutable facts about what a customer did or what happened to them, with built-in types
 * for the retail scenarios and custom types with JSON properties, and their JSON form
 * (in {@code io.relevans.json}). Never null unless a method says otherwise.
 */
@NullMarked
package io.relevans.event;

import org.jspecify.annotations.NullMarked;
