package io.relevans.spi;

import io.relevans.customer.CustomerId;
import java.util.Optional;

/**
 * {@link Storage#of(CustomerStore, TimerStore, Outbox)}: separate stores in one process, written in the
 * order that makes the customer record the commit point; split decisions and prediction models in their own
 * stores.
 */
record OrderedStorage(CustomerStore customers, TimerStore timers, Outbox outbox, SplitDecisionStore splitDecisions,
                      PredictionModelStore predictionModels) implements Storage {

    @Override
    public Optional<StoredCustomer> load(CustomerId id) {
        return customers.load(id).map(r -> new StoredCustomer(r, StoredCustomer.UNVERSIONED));
    }

    @Override
    public boolean commit(Commit commit) {
        Timer.Key fired = commit.fired().orElse(null);
        commit.added().forEach(outbox::add);
        commit.updated().forEach(outbox::update);
        for (Timer t : commit.scheduled()) {
            if (!t.key().equals(fired)) {
                timers.schedule(t);
            }
        }
        for (Timer.Key k : commit.cancelled()) {
            if (!k.equals(fired)) {
                timers.cancel(k);
            }
        }
        // the merged customers' timers go once the survivor has the journeys moved from them: a crash
        // before loses none (the step moves them again)
        commit.merged().keySet().forEach(timers::eraseCustomer);
        customers.save(commit.record());
        commit.merged().keySet().forEach(customers::erase);
        if (fired != null) {
            if (commit.cancelled().contains(fired)) {
                timers.cancel(fired);
            }
            commit.scheduled().stream().filter(t -> t.key().equals(fired)).forEach(timers::schedule);
        }
        return true;
    }
}
