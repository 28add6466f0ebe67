/**
 * The Relevans language: segments, policies and programs as text, with precise errors and static checks; the
 * {@code relang} command line. Exports {@code io.relevans.dsl}; the parser and checks
 * ({@code io.relevans.dsl.internal}) are not exported.
 */
module io.relevans.dsl {
    exports io.relevans.dsl;

    requires transitive io.relevans.core;
    requires static transitive org.jspecify;
    requires org.slf4j;
    requires com.fasterxml.jackson.databind;
}
