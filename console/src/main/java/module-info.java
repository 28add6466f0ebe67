/**
 * The browser console and its REST API: one servlet to mount ({@code io.relevans.console}), with the
 * authentication and template hooks an application implements ({@code io.relevans.console.spi}). The
 * pages, the API's handlers and the service desk ({@code io.relevans.console.internal...}) are not exported.
 */
module io.relevans.console {
    exports io.relevans.console;
    exports io.relevans.console.spi;

    requires transitive io.relevans.core;
    requires transitive jakarta.servlet; // the console is a servlet; the web server provides the API
    requires static transitive org.jspecify;
    requires io.relevans.dsl;
    requires org.slf4j;
    requires com.fasterxml.jackson.databind;
    // ConsoleServer runs the console on its own in Jetty, an optional dependency
    requires static org.eclipse.jetty.server;
    requires static org.eclipse.jetty.ee10.servlet;
}
