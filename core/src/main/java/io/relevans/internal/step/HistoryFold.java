package io.relevans.internal.step;

import io.relevans.customer.Customer;
import io.relevans.customer.CustomerId;
import io.relevans.customer.Identity;
import io.relevans.event.Event;
import io.relevans.internal.engine.Baseline;
import io.relevans.internal.feature.FeaturePlan;
import io.relevans.internal.program.Round;
import io.relevans.spi.Commit;
import io.relevans.spi.CustomerRecord;
import io.relevans.spi.CustomerState;
import io.relevans.spi.FeatureState;
import io.relevans.spi.Message;
import io.relevans.spi.Timer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * The fold behind {@link CustomerStep#history}: applies a group of linked historical events to the
 * customers their identities lead to as live ingestion would (identities linked, profiles merged with
 * the smaller id surviving, profile and features updated, events delivered twice recognised), but runs
 * no program and evaluates memberships once, at the end. Pure: reads no store and no clock.
 */
final class HistoryFold {

    /** Event ids a customer in the fold keeps to recognise events delivered twice, as its record will. */
    private static final int RECENT = CustomerRecord.RECENT_EVENTS;

    private final CustomerStep step;
    private final FeaturePlan plan;
    private final long now;
    private final Map<Identity, Working> owners = new HashMap<>();
    private final Map<CustomerId, Working> byId = new HashMap<>();

    HistoryFold(CustomerStep step, long now) {
        this.step = step;
        this.plan = step.segments().plan();
        this.now = now;
    }

    /** A customer as the fold leaves them so far. */
    private final class Working {
        final CustomerId id;
        Customer customer;
        FeatureState features;
        final List<Event> pending = new ArrayList<>(); // folded into features at once, before a merge or the end
        final TreeMap<String, java.time.Instant> starts;
        final List<String> recent;
        final long version;
        final SortedSet<String> segments;
        final Set<Identity> had;
        /** As stored, with its features: what its memberships were evaluated from; null for a new customer. */
        final @Nullable Customer storedCustomer;
        final @Nullable FeatureState storedFeatures;
        final List<Timer> timers;
        final List<Message> messages;
        final TreeMap<CustomerId, Long> merged = new TreeMap<>();
        final List<Message> mergedMessages = new ArrayList<>();
        final List<Timer> mergedTimers = new ArrayList<>();
        final List<Event> history = new ArrayList<>();
        final List<Integer> positions = new ArrayList<>();

        Working(CustomerState stored) {
            CustomerRecord rec = stored.stored().record();
            id = rec.id();
            customer = rec.customer();
            features = rec.features();
            starts = new TreeMap<>(rec.starts());
            recent = new ArrayList<>(rec.recentEvents());
            version = stored.stored().version();
            segments = rec.segments();
            had = rec.customer().identities();
            storedCustomer = rec.customer();
            storedFeatures = rec.features();
            timers = stored.timers();
            messages = stored.messages();
        }

        Working(CustomerId id, Identity identity) {
            this.id = id;
            customer = Customer.newCustomer(id, identity);
            features = FeatureState.EMPTY;
            starts = new TreeMap<>();
            recent = new ArrayList<>();
            version = Commit.NEW;
            segments = new TreeSet<>();
            had = Set.of();
            storedCustomer = null;
            storedFeatures = null;
            timers = List.of();
            messages = List.of();
        }

        void settleFeatures() {
            if (!pending.isEmpty()) {
                features = plan.applyAll(features, pending, now);
                pending.clear();
            }
        }

        /** Takes another customer in, as the survivor of a merge. */
        void absorb(Working other) {
            settleFeatures();
            other.settleFeatures();
            customer = customer.mergedWith(other.customer, id);
            features = plan.merge(features, other.features);
            CustomerStep.mergeStarts(starts, other.starts);
            recent.addAll(other.recent);
            if (other.version != Commit.NEW) {
                merged.put(other.id, other.version);
            }
            merged.putAll(other.merged);
            mergedMessages.addAll(other.messages);
            mergedMessages.addAll(other.mergedMessages);
            mergedTimers.addAll(other.timers);
            mergedTimers.addAll(other.mergedTimers);
            history.addAll(other.history);
            positions.addAll(other.positions);
            for (Identity i : other.customer.identities()) {
                owners.put(i, this);
            }
        }
    }

    /**
     * @param events  the group's events, in time order
     * @param stored  the stored customers the events' identities lead to, in id order
     */
    HistoryOutcome fold(List<Event> events, List<CustomerState> stored) {
        own(stored);
        List<Integer> repeated = new ArrayList<>();
        for (int k = 0; k < events.size(); k++) {
            Event event = events.get(k);
            TreeMap<CustomerId, Working> hit = new TreeMap<>();
            add(hit, event.customer());
            event.links().forEach(link -> add(hit, link));
            if (appliedBefore(hit.values(), event)) {
                repeated.add(k); // as live ingestion: an event applied before changes nothing, links included
                continue;
            }
            Working survivor;
            if (hit.isEmpty()) { // a new customer; or a stored one the identity's id names, not indexed yet
                CustomerId id = CustomerId.derivedFrom(event.customer());
                survivor = byId.computeIfAbsent(id, fresh -> new Working(fresh, event.customer()));
            } else {
                survivor = hit.firstEntry().getValue();
                hit.values().stream().skip(1).forEach(survivor::absorb);
            }
            survivor.customer = CustomerStep.applied(survivor.customer, event);
            survivor.pending.add(event);
            survivor.history.add(event);
            survivor.positions.add(k);
            survivor.recent.add(event.id());
            if (survivor.recent.size() > 2 * RECENT) {
                survivor.recent.subList(0, survivor.recent.size() - RECENT).clear();
            }
            // the survivor's other identities are its own already (own, absorb, earlier events)
            owners.put(event.customer(), survivor);
            for (Identity i : event.links()) {
                owners.put(i, survivor);
            }
        }
        return new HistoryOutcome(settleAll(), repeated);
    }

    /**
     * @param profiles the group's profiles, in the order given
     * @param stored   the stored customers their identities lead to, in id order
     */
    HistoryOutcome foldProfiles(List<Customer> profiles, List<CustomerState> stored) {
        own(stored);
        for (int k = 0; k < profiles.size(); k++) {
            Customer profile = profiles.get(k);
            TreeMap<CustomerId, Working> hit = new TreeMap<>();
            profile.identities().forEach(i -> add(hit, i));
            Working survivor;
            if (hit.isEmpty()) {
                Identity first = profile.identities().first();
                survivor = byId.computeIfAbsent(CustomerId.derivedFrom(first), fresh -> new Working(fresh, first));
            } else {
                survivor = hit.firstEntry().getValue();
                hit.values().stream().skip(1).forEach(survivor::absorb);
            }
            survivor.customer = survivor.customer.mergedWith(profile, survivor.id);
            survivor.positions.add(k);
            for (Identity i : profile.identities()) { // its other identities are its own already
                owners.put(i, survivor);
            }
        }
        return new HistoryOutcome(settleAll(), List.of());
    }

    private static boolean appliedBefore(java.util.Collection<Working> customers, Event event) {
        for (Working w : customers) {
            if (w.recent.contains(event.id())) {
                return true;
            }
        }
        return false;
    }

    /** The stored customers as the fold starts from them, found by their identities and ids. */
    private void own(List<CustomerState> stored) {
        for (CustomerState s : stored) {
            Working w = new Working(s);
            byId.put(w.id, w);
            for (Identity i : w.customer.identities()) {
                owners.put(i, w);
            }
        }
    }

    /** The commits of the customers the fold leaves that it changed (took inputs or merged others), in id order. */
    private List<HistoryOutcome.Customer> settleAll() {
        Map<CustomerId, Working> left = new TreeMap<>();
        owners.values().forEach(w -> left.putIfAbsent(w.id, w));
        List<HistoryOutcome.Customer> out = new ArrayList<>();
        for (Working w : left.values()) {
            if (!w.positions.isEmpty() || !w.merged.isEmpty()) {
                out.add(settle(w));
            }
        }
        return out;
    }

    private void add(TreeMap<CustomerId, Working> hit, Identity identity) {
        Working w = owners.get(identity);
        if (w != null) {
            hit.putIfAbsent(w.id, w);
        }
    }

    /** The customer's commit: features folded, programs told, memberships evaluated at the moment. */
    private HistoryOutcome.Customer settle(Working w) {
        FeaturePlan.Update refreshed = plan.applyAllAndRefresh(w.features, w.pending, now, step.segments().fingerprint());
        w.pending.clear();
        List<Timer> journeys = step.moveJourneys(w.id, w.timers, w.mergedTimers);
        List<Timer> waiting = CustomerStep.waiting(w.timers, journeys);
        List<Event> history = w.history;
        history.sort(Comparator.comparing(Event::time)); // merged customers' events among the survivor's
        // the stored memberships were evaluated from the stored profile and features at their stamp: only
        // segments whose tests may answer otherwise now are evaluated again (a customer of several batches)
        Baseline baseline = null;
        if (w.storedCustomer != null && w.storedFeatures != null && w.merged.isEmpty()) {
            FeaturePlan.AtStamp stamped = plan.atStamp(w.storedFeatures, step.segments().fingerprint());
            if (stamped != null) {
                baseline = new Baseline(w.storedCustomer, stamped.values(), stamped.stamp().at());
            }
        }
        // no program runs here: the programs' hidden conditions are not evaluated
        Round r = step.segmentsRound(now, w.customer, refreshed.after(), w.starts, w.segments, waiting, baseline);
        step.runner().imported(r, history);
        SortedSet<String> in = CustomerStep.names(r.verdicts());
        CustomerRecord saved = new CustomerRecord(r.customer(), in, refreshed.state(), r.starts(), w.recent);
        List<Identity> claimed = new ArrayList<>();
        for (Identity i : saved.customer().identities()) {
            if (!w.had.contains(i)) {
                claimed.add(i);
            }
        }
        List<Message> moved = new ArrayList<>(w.mergedMessages.size());
        w.mergedMessages.forEach(m -> moved.add(m.forCustomer(w.id)));
        Commit commit = new Commit(saved, w.version, w.merged, claimed, List.of(), moved, w.mergedMessages,
                CustomerStep.scheduled(r, journeys), r.timersToCancel(), Optional.empty());
        return new HistoryOutcome.Customer(commit, w.positions);
    }
}
