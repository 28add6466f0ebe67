/**
 * A shop's event intake on Spring Boot: the Relevans starter builds the engine from
 * {@code application.properties}, {@link io.relevans.examples.boot.EventController} takes events as JSON
 * over HTTP, and the starter's ticker sends what the programs decide.
 */
package io.relevans.examples.boot;
