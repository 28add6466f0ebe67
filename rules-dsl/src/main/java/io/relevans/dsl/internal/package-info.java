/** Lexer, parser, checker and printer of the rules language; not a public API. */
@NullMarked
package io.relevans.dsl.internal;

import org.jspecify.annotations.NullMarked;
