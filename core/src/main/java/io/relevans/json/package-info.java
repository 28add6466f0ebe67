/**
 * JSON forms of events ({@link io.relevans.json.EventJson}) and customer profiles
 * ({@link io.relevans.json.CustomerJson}), with Jackson. Reading gives a precise error naming the field
 * and the problem, and never a half-read object. The model packages themselves know nothing of JSON.
 */
@NullMarked
package io.relevans.json;

import org.jspecify.annotations.NullMarked;
