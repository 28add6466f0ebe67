/** Runnable examples that embed Relevans the way a retailer's backend would. */
package io.relevans.examples;
