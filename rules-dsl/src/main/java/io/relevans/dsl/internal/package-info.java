/** Lexer, parser, checker and printer of the rules language; not a public API. */
package io.relevans.dsl.internal;
