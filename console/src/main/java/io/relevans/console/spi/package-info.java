/**
 * What an application implements to plug the console into its own sign-in: {@link
 * io.relevans.console.spi.Authenticator}.
 */
@NullMarked
package io.relevans.console.spi;

import org.jspecify.annotations.NullMarked;
