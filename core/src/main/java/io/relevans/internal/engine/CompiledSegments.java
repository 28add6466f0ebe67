package io.relevans.internal.engine;

import io.relevans.definition.InvalidDefinitionException;
import io.relevans.customer.Attribute;
import io.relevans.customer.Category;
import io.relevans.customer.CategoryPreference;
import io.relevans.customer.Consent;
import io.relevans.customer.Customer;
import io.relevans.customer.Interest;
import io.relevans.customer.Value;
import io.relevans.definition.Condition;
import io.relevans.definition.Definitions;
import io.relevans.definition.Feature;
import io.relevans.definition.Segment;
import io.relevans.internal.Digests;
import io.relevans.internal.feature.Evaluation;
import io.relevans.internal.feature.FeaturePlan;
import io.relevans.spi.EngineObserver;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.kie.api.KieBase;
import org.kie.api.KieServices;
import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.KieSessionConfiguration;
import org.kie.api.runtime.conf.ThreadSafeOption;
import org.kie.api.runtime.rule.FactHandle;

/**
 * Loaded definitions, compiled: the feature plan, the segments in dependency order, and the Drools
 * KieBase of their rules. Evaluates a customer's segments in a short-lived use of a pooled session:
 * a {@link CustomerFacts} with the previous memberships in, one view per segment to evaluate and
 * depth of its rules, firing after each
 * (only rules of changed memberships fire), read the memberships back from the fact, delete the views.
 * The hidden conditions of programs are evaluated with the segments ({@link #evaluate}) or only when
 * their answer is asked for ({@link #evaluateSegments}, {@link #holds}), each in views of its own.
 * Immutable and thread-safe.
 */
public final class CompiledSegments {

    private static final AtomicLong PACKAGES = new AtomicLong();

    private final Definitions definitions;
    private final FeaturePlan plan;
    private final List<Segment> order;
    private final List<NamedCondition> hidden;
    private final String[] segmentNames;
    /** Every verdict's id by name: segments first, in dependency order (compile), then hidden conditions. */
    private final Map<String, Integer> verdictIds;
    /** The verdict ids in the natural order of their names. */
    private final int[] nameOrder;
    /** Per group of segments, the view keys of its rules, in the order to insert them. */
    private final int[][] groupViews;
    /** By hidden condition (in evaluation order), the view keys of its rules, in order. */
    private final int[][] hiddenViews;
    /** The view keys of every hidden condition's rules, in evaluation order. */
    private final int[] allHiddenViews;
    private final Map<String, Segment> byName;
    private final SymbolTable symbols;
    private final Map<String, Integer> attributeSlots;
    private final boolean[] equalitySlots;
    /** The attribute name of each slot. */
    private final String[] slotNames;
    private final Map<Value, Integer> literals;
    private final Map<Consent.Key, Integer> consents;
    private final Map<Category, Map<Interest, Integer>> interests;
    private final int keyCount;
    private final int nodeCount;
    private final SegmentInputs[] inputs;
    /** Every "older than" test of the segments, once: the attribute slot and the age. */
    private final int[] olderSlots;
    private final long[] olderMillis;
    private final long fingerprint;
    private final String drl;
    private final int ruleCount;
    private final @Nullable KieBase kieBase;
    /** Told of every evaluation; {@link EngineObserver#disabled()} unless the engine sets its own. */
    private volatile EngineObserver observer = EngineObserver.disabled();
    /** Sessions between evaluations, clean (no facts): at most one per thread evaluating at the same time. */
    private final ConcurrentLinkedQueue<KieSession> idle;
    private final KieSessionConfiguration sessionConfiguration;

    private CompiledSegments(Definitions definitions, FeaturePlan plan, List<Segment> order, List<NamedCondition> hidden,
                             SymbolTable symbols, DrlWriter writer, String drl, @Nullable KieBase kieBase) {
        this.definitions = definitions;
        this.order = List.copyOf(order);
        this.hidden = List.copyOf(hidden);
        List<String> names = new ArrayList<>();
        order.forEach(seg -> names.add(seg.name()));
        hidden.forEach(h -> names.add(h.name()));
        this.segmentNames = names.toArray(String[]::new);
        this.verdictIds = new HashMap<>();
        for (int i = 0; i < segmentNames.length; i++) {
            verdictIds.put(segmentNames[i], i);
        }
        this.nameOrder = java.util.stream.IntStream.range(0, segmentNames.length).boxed()
                .sorted(java.util.Comparator.comparing(i -> segmentNames[i])).mapToInt(Integer::intValue).toArray();
        this.byName = new LinkedHashMap<>();
        order.forEach(s -> byName.put(s.name(), s));
        this.symbols = symbols;
        this.attributeSlots = Map.copyOf(writer.attributeSlots());
        this.equalitySlots = new boolean[attributeSlots.size()];
        this.slotNames = new String[attributeSlots.size()];
        attributeSlots.forEach((name, slot) -> slotNames[slot] = name);
        writer.equalitySlots().forEach(slot -> equalitySlots[slot] = true);
        this.literals = Map.copyOf(writer.literals());
        this.consents = Map.copyOf(writer.consents());
        this.interests = Map.copyOf(writer.interests());
        this.keyCount = symbols.size();
        this.nodeCount = writer.nodeCount();
        this.inputs = new SegmentInputs[order.size()];
        writer.segmentInputs().forEach((id, in) -> inputs[id] = in);
        this.plan = watching(plan, inputs);
        long[] older = olderTests(inputs);
        this.olderSlots = new int[older.length / 2];
        this.olderMillis = new long[older.length / 2];
        for (int i = 0; i < olderSlots.length; i++) {
            olderSlots[i] = (int) older[2 * i];
            olderMillis[i] = older[2 * i + 1];
        }
        this.fingerprint = baseFingerprint(order);
        this.drl = drl;
        this.ruleCount = writer.ruleCount();
        this.groupViews = new int[(order.size() + DrlWriter.GROUP - 1) / DrlWriter.GROUP][];
        for (int g = 0; g < groupViews.length; g++) {
            int first = g * DrlWriter.GROUP;
            groupViews[g] = writer.depths().getOrDefault(g, new java.util.TreeSet<>()).stream()
                    .mapToInt(d -> DrlWriter.viewKey(first, d)).toArray();
        }
        this.hiddenViews = new int[hidden.size()][];
        for (int h = 0; h < hiddenViews.length; h++) {
            int index = h;
            hiddenViews[h] = writer.hiddenDepths().getOrDefault(h, new java.util.TreeSet<>()).stream()
                    .mapToInt(d -> DrlWriter.hiddenKey(index, d)).toArray();
        }
        this.allHiddenViews = Arrays.stream(hiddenViews).flatMapToInt(Arrays::stream).toArray();
        this.kieBase = kieBase;
        this.idle = new ConcurrentLinkedQueue<>();
        // a session is used by one thread at a time: no locking inside Drools
        this.sessionConfiguration = KieBases.withLibraryLoader(() -> KieServices.get().newKieSessionConfiguration());
        sessionConfiguration.setOption(ThreadSafeOption.NO);
    }

    /** The same rules and sessions with another plan and fingerprint ({@link #withModel}). */
    private CompiledSegments(CompiledSegments base, FeaturePlan plan, long fingerprint) {
        this.definitions = base.definitions;
        this.plan = plan;
        this.order = base.order;
        this.hidden = base.hidden;
        this.segmentNames = base.segmentNames;
        this.verdictIds = base.verdictIds;
        this.nameOrder = base.nameOrder;
        this.groupViews = base.groupViews;
        this.hiddenViews = base.hiddenViews;
        this.allHiddenViews = base.allHiddenViews;
        this.byName = base.byName;
        this.symbols = base.symbols;
        this.attributeSlots = base.attributeSlots;
        this.equalitySlots = base.equalitySlots;
        this.slotNames = base.slotNames;
        this.literals = base.literals;
        this.consents = base.consents;
        this.interests = base.interests;
        this.keyCount = base.keyCount;
        this.nodeCount = base.nodeCount;
        this.inputs = base.inputs;
        this.olderSlots = base.olderSlots;
        this.olderMillis = base.olderMillis;
        this.fingerprint = fingerprint;
        this.drl = base.drl;
        this.ruleCount = base.ruleCount;
        this.kieBase = base.kieBase;
        this.idle = base.idle; // the same KieBase: its clean sessions serve both
        this.sessionConfiguration = base.sessionConfiguration;
        this.observer = base.observer;
    }

    /**
     * These segments with their predictions computed by another customer-base model (null: none). The rules
     * are shared; the fingerprint includes the model's version, so that memberships evaluated with another
     * model are never taken as a baseline. These segments themselves when no feature is a prediction.
     */
    public CompiledSegments withModel(io.relevans.prediction.@Nullable CustomerBaseModel model) {
        if (!plan.predicts()) {
            return this;
        }
        long modelPart = model == null ? 0 : Digests.sha256Long("model v" + model.version() + " at " + model.fittedAt());
        return new CompiledSegments(this, plan.withModel(model), baseFingerprint(order) ^ modelPart);
    }

    /**
     * Checks and compiles definitions.
     *
     * @throws InvalidDefinitionException listing every unknown reference, cycle or missing price range
     */
    public static CompiledSegments compile(Definitions definitions) {
        return compile(definitions, List.of(), List.of());
    }

    /**
     * Checks and compiles definitions with hidden conditions evaluated alongside the segments, and
     * features needed by the programs' guards.
     *
     * @throws InvalidDefinitionException listing every unknown reference, cycle or missing price range
     */
    public static CompiledSegments compile(Definitions definitions, List<NamedCondition> hidden,
                                           java.util.Collection<Feature> extraFeatures) {
        List<String> problems = new ArrayList<>();
        Map<String, Segment> byName = new LinkedHashMap<>();
        definitions.segments().forEach(s -> byName.put(s.name(), s));
        for (Segment s : definitions.segments()) {
            for (String ref : references(s.condition())) {
                if (!byName.containsKey(ref)) {
                    problems.add("segment '" + s.name() + "' refers to unknown segment '" + ref + "'"
                            + Suggestions.didYouMean(ref, byName.keySet()));
                }
            }
        }
        for (Segment s : definitions.segments()) {
            if (usesSinceTrigger(s.condition())) {
                problems.add("segment '" + s.name() + "' uses 'since trigger', which only programs can use");
            }
        }
        for (NamedCondition h : hidden) {
            for (String ref : references(h.condition())) {
                if (!byName.containsKey(ref)) {
                    problems.add(h.owner() + " refers to unknown segment '" + ref + "'"
                            + Suggestions.didYouMean(ref, byName.keySet()));
                }
            }
        }
        List<Segment> order = topologicalOrder(byName, problems); // unknown references are skipped there
        Set<Feature> features = new LinkedHashSet<>();
        definitions.segments().forEach(s -> collectFeatures(s.condition(), features));
        hidden.forEach(h -> collectFeatures(h.condition(), features));
        features.addAll(extraFeatures);
        FeaturePlan plan = null;
        try {
            plan = FeaturePlan.compile(features, definitions.priceRanges(), definitions.policies().purchaseDayZone());
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
        }
        if (plan == null || !problems.isEmpty()) { // no plan: its problem is listed
            throw new InvalidDefinitionException(problems);
        }
        SymbolTable symbols = new SymbolTable();
        for (Segment s : order) {
            symbols.intern(SegmentSymbols.segment(s.name())); // segment ids follow dependency order
        }
        for (NamedCondition h : hidden) {
            symbols.intern(SegmentSymbols.segment(h.name())); // then the hidden conditions, before any other symbol
        }
        FeaturePlan finalPlan = plan;
        String packageName = "io.relevans.generated.d" + PACKAGES.incrementAndGet();
        DrlWriter writer = new DrlWriter(packageName, symbols, finalPlan::indexOf);
        for (Segment s : order) {
            writer.segment(symbols.find(SegmentSymbols.segment(s.name())), s.condition(), "", true);
        }
        for (NamedCondition h : hidden) {
            writer.segment(symbols.find(SegmentSymbols.segment(h.name())), h.condition(), h.scope(), false);
        }
        String text = writer.text();
        KieBase base = order.isEmpty() && hidden.isEmpty() ? null : KieBases.build(packageName, text);
        return new CompiledSegments(definitions, plan, order, hidden, symbols, writer, text, base);
    }

    /** The definitions this was compiled from. */
    public Definitions definitions() {
        return definitions;
    }

    /** The features the definitions need. */
    public FeaturePlan plan() {
        return plan;
    }

    /** The segments, each after the segments it refers to. */
    public List<Segment> order() {
        return order;
    }

    /** The segment with the name, or null. */
    public @Nullable Segment segment(String name) {
        return byName.get(name);
    }

    /** The generated DRL, for inspection: it holds numbers only, never text from definitions. */
    public String drl() {
        return drl;
    }

    /**
     * A digest of the segments (names and conditions, in dependency order): stamped into a feature state
     * saved with memberships these definitions evaluated, so that memberships of other definitions are
     * never taken as a baseline.
     */
    public long fingerprint() {
        return fingerprint;
    }

    private static long baseFingerprint(List<Segment> order) {
        StringBuilder text = new StringBuilder();
        for (Segment s : order) {
            text.append(s.name()).append('\n').append(s.condition()).append('\n');
        }
        return Digests.sha256Long(text.toString());
    }

    /**
     * Tells the observer of every evaluation from now on: the engine sets its own before it uses these
     * segments.
     */
    public void observe(EngineObserver observer) {
        this.observer = Objects.requireNonNull(observer, "observer");
    }

    /** How many rules the definitions compiled to. */
    public int ruleCount() {
        return ruleCount;
    }

    /** The segments the customer is in, evaluated by the rules, sorted by name. */
    public Set<String> evaluate(Customer customer, double[] features, long now) {
        return evaluate(customer, features, now, Set.of(), Set.of());
    }

    /**
     * The segments the customer is in and the hidden conditions that hold, evaluated by the rules, sorted
     * by name (a {@link java.util.SortedSet}); the
     * "since trigger" keys that have happened for the customer's programs are given, and the segments
     * the customer was in before (any set gives the same result; the closer it is to the result, the
     * fewer rules fire: pass the stored memberships).
     */
    public Set<String> evaluate(Customer customer, double[] features, long now, Set<String> since,
                                Collection<String> previous) {
        return evaluate(customer, features, now, since, previous, null);
    }

    /**
     * {@link #evaluate(Customer, double[], long, Set, Collection)} given what the previous memberships were
     * evaluated from: the rules of a segment are evaluated only if one of its tests answers differently for
     * the customer now than for the baseline (or a segment it refers to may have changed); any other
     * segment keeps its previous membership. With a null baseline every rule is evaluated.
     *
     * @param previous the memberships the baseline gave (the stored ones), exactly, when a baseline is given
     */
    public Set<String> evaluate(Customer customer, double[] features, long now, Set<String> since,
                                Collection<String> previous, @Nullable Baseline baseline) {
        return evaluate(customer, features, now, since, previous, baseline, false);
    }

    /**
     * {@link #evaluate(Customer, double[], long, Set, Collection, Baseline)} without the hidden conditions: the
     * result holds the segments only, and each hidden condition is evaluated when {@link #holds} first asks for
     * it, from the customer as given here (its views are shown to a session then, on the same facts, after the
     * segments: the answer is the one {@code evaluate} gives). Most events need no hidden condition at all.
     */
    public Set<String> evaluateSegments(Customer customer, double[] features, long now, Set<String> since,
                                        Collection<String> previous, @Nullable Baseline baseline) {
        return evaluate(customer, features, now, since, previous, baseline, true);
    }

    /**
     * Whether the hidden condition (or segment) with the name holds in an evaluation's result: asked of a
     * result of {@link #evaluateSegments}, evaluates a hidden condition the first time, once.
     */
    public static boolean holds(Set<String> verdicts, String name) {
        return verdicts instanceof Verdicts v ? v.holds(name) : verdicts.contains(name);
    }

    private Set<String> evaluate(Customer customer, double[] features, long now, Set<String> since,
                                 Collection<String> previous, @Nullable Baseline baseline, boolean onDemand) {
        KieBase kieBase = this.kieBase;
        if (kieBase == null) {
            return Set.of();
        }
        CustomerFacts facts = facts(customer, features, now, since, previous);
        if (baseline != null) {
            // most events leave the profile as it was (the same instance): its facts then are those now, aged less
            markChanged(facts, baseline.customer() == customer ? facts.asOf(baseline.features(), now - baseline.at())
                    : facts(baseline.customer(), baseline.features(), baseline.at(), Set.of(), null));
        }
        int[] views = views(facts.changed(), !onDemand);
        EngineObserver observer = this.observer;
        long started = observer == EngineObserver.disabled() ? 0 : System.nanoTime();
        boolean[] held = views.length == 0 ? facts.held() // nothing to evaluate: no session
                : KieBases.withLibraryLoader(() -> fire(kieBase, facts, views));
        if (observer != EngineObserver.disabled()) {
            observer.evaluated(new EngineObserver.Evaluation(views.length,
                    views.length == 0 ? 0 : System.nanoTime() - started));
        }
        int count = 0;
        for (boolean h : held) {
            count += h ? 1 : 0;
        }
        String[] sorted = new String[count];
        int k = 0;
        for (int id : nameOrder) {
            if (held[id]) {
                sorted[k++] = segmentNames[id];
            }
        }
        int tracked = order.size();
        boolean keeps = previous.size() == facts.previousCount()
                && Arrays.equals(held, 0, tracked, facts.was(), 0, tracked);
        return new Verdicts(sorted, held, verdictIds, keeps, tracked,
                onDemand && !hidden.isEmpty() ? h -> decide(kieBase, facts, h) : null);
    }

    /** Evaluates one hidden condition on the facts of an evaluation whose segments are decided. */
    private void decide(KieBase kieBase, CustomerFacts facts, int hiddenIndex) {
        int[] views = hiddenViews[hiddenIndex];
        if (views.length == 0) {
            return;
        }
        EngineObserver observer = this.observer;
        long started = observer == EngineObserver.disabled() ? 0 : System.nanoTime();
        KieBases.withLibraryLoader(() -> fire(kieBase, facts, views));
        if (observer != EngineObserver.disabled()) {
            observer.evaluated(new EngineObserver.Evaluation(views.length, System.nanoTime() - started));
        }
    }

    /**
     * The keys of the views to show, in order: those of each group with a segment to evaluate (dependency
     * order), then, when asked for, every hidden condition's.
     */
    private int[] views(boolean[] changed, boolean withHidden) {
        int[] keys = new int[0];
        for (int g = 0; g < groupViews.length; g++) {
            if (anyChanged(changed, g)) {
                keys = concat(keys, groupViews[g]);
            }
        }
        return withHidden ? concat(keys, allHiddenViews) : keys;
    }

    private static int[] concat(int[] a, int[] b) {
        if (b.length == 0) {
            return a;
        }
        int[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** Fires the rules on the customer's views in a clean session; the memberships after. */
    private boolean[] fire(KieBase kieBase, CustomerFacts facts, int[] views) {
        KieSession session = idle.poll();
        if (session == null) {
            session = kieBase.newKieSession(sessionConfiguration, null);
        }
        boolean clean = false;
        try {
            for (int key : views) {
                show(session, facts.view(key));
            }
            clean = true;
        } finally {
            if (clean) {
                idle.offer(session);
            } else {
                session.dispose();
            }
        }
        return facts.held();
    }

    private boolean anyChanged(boolean[] changed, int group) {
        int end = Math.min(order.size(), (group + 1) * DrlWriter.GROUP);
        for (int id = group * DrlWriter.GROUP; id < end; id++) {
            if (changed[id]) {
                return true;
            }
        }
        return false;
    }

    /**
     * Inserts the view, fires the rules it matches (alpha constraints only: matched on insertion) and
     * deletes it, leaving the session clean; a reset (KieSessionsPool) clears the memory of every rule
     * and measured slower (docs/engine.md).
     */
    private static void show(KieSession session, CustomerFacts view) {
        FactHandle handle = session.insert(view);
        session.fireAllRules();
        session.delete(handle);
    }

    /**
     * Whether an evaluation's result has exactly the previous memberships it was given as its segments
     * (hidden conditions aside): nothing entered or left.
     */
    public static boolean keepsPrevious(Set<String> verdicts) {
        return verdicts instanceof Verdicts v && v.keepsPrevious();
    }

    /** The segments the customer is in, evaluated directly in Java (the reference for the rules). */
    public Set<String> evaluateDirectly(Customer customer, double[] features, long now) {
        return evaluateDirectly(customer, features, now, Set.of());
    }

    /** The segments and hidden conditions that hold, evaluated directly in Java. */
    public Set<String> evaluateDirectly(Customer customer, double[] features, long now, Set<String> since) {
        Set<String> in = new LinkedHashSet<>();
        for (Segment s : order) {
            if (new ConditionEvaluator(customer, features, plan, now, in, "", since).test(s.condition())) {
                in.add(s.name());
            }
        }
        for (NamedCondition h : hidden) {
            if (new ConditionEvaluator(customer, features, plan, now, in, h.scope(), since).test(h.condition())) {
                in.add(h.name());
            }
        }
        return in;
    }

    /** The hidden conditions, in evaluation order. */
    public List<NamedCondition> hidden() {
        return hidden;
    }

    /** Explains one segment given the memberships the customer has. */
    public Verdict explain(Segment segment, Customer customer, double[] features, long now, Set<String> in) {
        return new ConditionEvaluator(customer, features, plan, now, in, "", Set.of()).explain(segment.condition());
    }

    /**
     * {@link #explain(Segment, Customer, double[], long, Set)} with what each prediction was computed from,
     * read from the customer's feature state: the summary (x, t_x, T) and the model version, or why it has no
     * value.
     */
    public Verdict explain(Segment segment, Customer customer, io.relevans.spi.FeatureState state, double[] features,
                           long now, Set<String> in) {
        return new ConditionEvaluator(customer, features, plan, now, in, "", Set.of())
                .withNotes(f -> plan.explain(state, f, now)).explain(segment.condition());
    }

    /** The facts of the customer; with null {@code previous}, only what the tests read (a baseline's). */
    private CustomerFacts facts(Customer customer, double[] features, long now, Set<String> since,
                                @Nullable Collection<String> previous) {
        CustomerFacts facts = previous == null ? new CustomerFacts(features, attributeSlots.size(), keyCount, 0, 0)
                : new CustomerFacts(features, attributeSlots.size(), keyCount, segmentNames.length, nodeCount);
        if (previous != null) {
            for (String name : previous) {
                Integer id = verdictIds.get(name);
                if (id != null && id < order.size()) {
                    facts.wasIn(id); // counted: a name of no segment makes the result differ from previous
                }
            }
        }
        for (String key : since) {
            facts.key(symbols.find(key), true);
        }
        Map<String, Attribute> attributes = customer.attributes();
        for (int slot = 0; slot < slotNames.length; slot++) {
            Attribute a = attributes.get(slotNames[slot]);
            if (a == null) {
                continue;
            }
            Value v = a.value();
            int kind = v instanceof Value.Text ? CustomerFacts.TEXT : v instanceof Value.Number ? CustomerFacts.NUMBER
                    : v instanceof Value.Flag ? CustomerFacts.FLAG : CustomerFacts.DATE;
            double num = kind == CustomerFacts.NUMBER || kind == CustomerFacts.DATE ? v.asNumber() : Double.NaN;
            facts.attribute(slot, kind, equalitySlots[slot] ? literalId(v) : -1, num, now - a.time().toEpochMilli());
        }
        if (!consents.isEmpty()) {
            for (Map.Entry<Consent.Key, Consent> c : customer.consents().entrySet()) {
                Integer id = c.getValue().granted() ? consents.get(c.getKey()) : null;
                if (id != null) {
                    facts.key(id, true);
                }
            }
        }
        if (!interests.isEmpty()) {
            for (CategoryPreference p : customer.preferences().values()) {
                Map<Interest, Integer> ofCategory = interests.get(p.category());
                Integer id = ofCategory == null ? null : ofCategory.get(p.interest());
                if (id != null) {
                    facts.key(id, true);
                }
            }
        }
        return facts;
    }

    /** The plan knowing every feature comparison of the segments, each once. */
    private static FeaturePlan watching(FeaturePlan plan, SegmentInputs[] inputs) {
        java.util.Set<SegmentInputs.FeatureTest> tests = new java.util.LinkedHashSet<>();
        for (SegmentInputs in : inputs) {
            tests.addAll(in.featureTests());
        }
        int[] positions = new int[tests.size()];
        io.relevans.definition.Operator[] operators = new io.relevans.definition.Operator[tests.size()];
        double[] operands = new double[tests.size()];
        int i = 0;
        for (SegmentInputs.FeatureTest t : tests) {
            positions[i] = t.id();
            operators[i] = t.operator();
            operands[i] = t.operand();
            i++;
        }
        return plan.watching(positions, operators, operands);
    }

    /** Every "older than" test of the segments once, as pairs (slot, millis). */
    private static long[] olderTests(SegmentInputs[] inputs) {
        java.util.Set<List<Long>> tests = new java.util.LinkedHashSet<>();
        for (SegmentInputs in : inputs) {
            in.olderTests((slot, millis) -> tests.add(List.of((long) slot, millis)));
        }
        long[] out = new long[tests.size() * 2];
        int i = 0;
        for (List<Long> t : tests) {
            out[i++] = t.get(0);
            out[i++] = t.get(1);
        }
        return out;
    }

    /**
     * Whether the customer's memberships stored with the stamp, evaluated at its moment by these
     * definitions, are what an evaluation at {@code now} gives without new events: the stamp is for these
     * definitions, none of its feature comparisons may answer otherwise before {@code now}
     * ({@link Evaluation#holdsAt}), and no attribute the segments test the age of passes that age in
     * between. Reads only the profile; the caller read the stamp.
     */
    public boolean stillHolds(Customer customer, @Nullable Evaluation stamp, long now) {
        if (stamp == null || stamp.definitions() != fingerprint || !stamp.holdsAt(now)) {
            return false;
        }
        if (olderSlots.length == 0) {
            return true;
        }
        Map<String, Attribute> attributes = customer.attributes();
        for (int i = 0; i < olderSlots.length; i++) {
            Attribute a = attributes.get(slotNames[olderSlots[i]]);
            if (a == null) {
                continue;
            }
            long time = a.time().toEpochMilli();
            // older means an age above the limit: it turns at time + limit + 1 and stays
            boolean then = stamp.at() - time > olderMillis[i];
            boolean later = now - time > olderMillis[i];
            if (then != later) {
                return false;
            }
        }
        return true;
    }

    /** Clears {@link CustomerFacts#changed} for the segments whose tests answer the same now as then. */
    private void markChanged(CustomerFacts now, CustomerFacts then) {
        boolean[] changed = now.changed();
        for (int id = 0; id < inputs.length; id++) { // dependency order: references are decided first
            changed[id] = inputs[id].changed(then, now, changed);
        }
    }

    /** The symbol id of an attribute's value if some rule compares with it, else -1. */
    private int literalId(Value v) {
        Integer id = literals.get(v);
        // values equal by kind and text but not as records (none known) still find their symbol
        return id != null ? id : symbols.find(SegmentSymbols.value(v));
    }

    private static List<Segment> topologicalOrder(Map<String, Segment> byName, List<String> problems) {
        List<Segment> order = new ArrayList<>();
        Map<String, Integer> state = new HashMap<>(); // 1 visiting, 2 done
        for (String name : byName.keySet()) {
            visit(name, byName, state, new ArrayDeque<>(), order, problems);
        }
        return order;
    }

    private static void visit(String name, Map<String, Segment> byName, Map<String, Integer> state,
                              ArrayDeque<String> path, List<Segment> order, List<String> problems) {
        Integer s = state.get(name);
        if (s != null && s == 2) {
            return;
        }
        if (s != null) {
            List<String> cycle = new ArrayList<>(path);
            Collections.reverse(cycle);
            cycle = cycle.subList(cycle.indexOf(name), cycle.size());
            problems.add("segments refer to each other in a cycle: " + String.join(" -> ", cycle) + " -> " + name);
            return;
        }
        Segment segment = Objects.requireNonNull(byName.get(name), "a segment visited is known");
        state.put(name, 1);
        path.push(name);
        for (String ref : new TreeSet<>(references(segment.condition()))) {
            if (byName.containsKey(ref)) {
                visit(ref, byName, state, path, order, problems);
            }
        }
        path.pop();
        state.put(name, 2);
        order.add(segment);
    }

    static Set<String> references(Condition c) {
        Set<String> out = new LinkedHashSet<>();
        walk(c, x -> {
            if (x instanceof Condition.InSegment s) {
                out.add(s.segment());
            }
        });
        return out;
    }

    private static boolean usesSinceTrigger(Condition c) {
        boolean[] found = new boolean[1];
        walk(c, x -> found[0] |= x instanceof Condition.SinceTrigger);
        return found[0];
    }

    /**
     * The names of the segments whose conditions test any of the features, directly or through segments
     * they test ({@code in segment}), sorted by name.
     */
    public SortedSet<String> dependingOn(Set<Feature> features) {
        SortedSet<String> out = new TreeSet<>();
        for (Segment s : order) { // each segment after those it refers to: one pass reaches every dependant
            Set<Feature> used = new HashSet<>();
            collectFeatures(s.condition(), used);
            if (!Collections.disjoint(used, features)
                    || references(s.condition()).stream().anyMatch(out::contains)) {
                out.add(s.name());
            }
        }
        return out;
    }

    private static void collectFeatures(Condition c, Set<Feature> out) {
        walk(c, x -> {
            if (x instanceof Condition.FeatureCompare f) {
                out.add(f.feature());
            }
        });
    }

    private static void walk(Condition c, java.util.function.Consumer<Condition> visitor) {
        visitor.accept(c);
        if (c instanceof Condition.AllOf all) {
            all.parts().forEach(p -> walk(p, visitor));
        } else if (c instanceof Condition.AnyOf any) {
            any.parts().forEach(p -> walk(p, visitor));
        } else if (c instanceof Condition.Not not) {
            walk(not.part(), visitor);
        }
    }
}
