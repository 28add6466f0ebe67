package io.relevans;

/**
 * What one {@link Relevans#tick()} did.
 *
 * @param timersFired due timers handled (waits ended, time-based triggers)
 * @param scheduled   customers a scheduled program was started for
 * @param dispatch    what the dispatcher did with due messages
 */
public record TickReport(int timersFired, int scheduled, DispatchReport dispatch) {
}
