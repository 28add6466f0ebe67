/**
 * Backtests: replaying a recorded period through a set of definitions on virtual time, in memory, sending
 * nothing, and reporting what the programs would have decided ({@link io.relevans.backtest.Backtest},
 * {@link io.relevans.backtest.BacktestReport}); and comparing two sets of definitions on the same history,
 * message by message ({@link io.relevans.backtest.Comparison}). Never null unless a method says otherwise.
 */
@NullMarked
package io.relevans.backtest;

import org.jspecify.annotations.NullMarked;
