/**
 * The JSON storage adapters keep of the engine's state (records, messages, timers), shared by the JDBC
 * stores and the Kafka runtime so that both read back exactly what they wrote.
 */
@NullMarked
package io.relevans.internal.json;

import org.jspecify.annotations.NullMarked;
