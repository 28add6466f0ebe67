/**
 * The Relevans console: pages in the browser for store staff, customer service and marketers, and the JSON
 * REST API behind them, as one servlet an application mounts in its own web server ({@link
 * io.relevans.console.Console#servlet()}) or runs on its own ({@link io.relevans.console.ConsoleServer}).
 */
@NullMarked
package io.relevans.console;

import org.jspecify.annotations.NullMarked;
