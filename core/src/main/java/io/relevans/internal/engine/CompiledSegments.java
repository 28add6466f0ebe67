package io.relevans.internal.engine;

import io.relevans.definition.InvalidDefinitionException;
import io.relevans.customer.Attribute;
import io.relevans.customer.CategoryPreference;
import io.relevans.customer.Consent;
import io.relevans.customer.Customer;
import io.relevans.customer.Value;
import io.relevans.definition.Condition;
import io.relevans.definition.Definitions;
import io.relevans.definition.Feature;
import io.relevans.definition.Segment;
import io.relevans.internal.feature.FeaturePlan;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.kie.api.KieBase;
import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.rule.FactHandle;

/**
 * Loaded definitions, compiled: the feature plan, the segments in dependency order, and the Drools
 * KieBase of their rules. Evaluates a customer's segments in a short-lived use of a pooled session
 * (facts in, fire, read members, facts out). Immutable and thread-safe.
 */
public final class CompiledSegments {

    private static final AtomicLong PACKAGES = new AtomicLong();

    private final Definitions definitions;
    private final FeaturePlan plan;
    private final List<Segment> order;
    private final List<NamedCondition> hidden;
    private final String[] segmentNames;
    private final Map<String, Segment> byName;
    private final SymbolTable symbols;
    private final Map<String, Integer> attributeIds;
    private final String drl;
    private final int ruleCount;
    private final KieBase kieBase;
    private final ConcurrentLinkedQueue<KieSession> sessions = new ConcurrentLinkedQueue<>();

    private CompiledSegments(Definitions definitions, FeaturePlan plan, List<Segment> order, List<NamedCondition> hidden,
                             SymbolTable symbols, Map<String, Integer> attributeIds, String drl, int ruleCount,
                             KieBase kieBase) {
        this.definitions = definitions;
        this.plan = plan;
        this.order = List.copyOf(order);
        this.hidden = List.copyOf(hidden);
        List<String> names = new ArrayList<>();
        order.forEach(seg -> names.add(seg.name()));
        hidden.forEach(h -> names.add(h.name()));
        this.segmentNames = names.toArray(String[]::new);
        this.byName = new LinkedHashMap<>();
        order.forEach(s -> byName.put(s.name(), s));
        this.symbols = symbols;
        this.attributeIds = Map.copyOf(attributeIds);
        this.drl = drl;
        this.ruleCount = ruleCount;
        this.kieBase = kieBase;
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
            plan = FeaturePlan.compile(features, definitions.priceRanges());
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
        }
        if (!problems.isEmpty()) {
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
        DrlWriter writer = new DrlWriter(packageName, symbols,
                finalPlan::indexOf);
        for (Segment s : order) {
            writer.segment(symbols.find(SegmentSymbols.segment(s.name())), s.condition(), "");
        }
        for (NamedCondition h : hidden) {
            writer.segment(symbols.find(SegmentSymbols.segment(h.name())), h.condition(), h.scope());
        }
        Map<String, Integer> attributeIds = new HashMap<>();
        definitions.segments().forEach(s -> collectAttributes(s.condition(), attributeIds, symbols));
        hidden.forEach(h -> collectAttributes(h.condition(), attributeIds, symbols));
        String text = writer.text();
        KieBase base = order.isEmpty() && hidden.isEmpty() ? null : KieBases.build(packageName, text);
        return new CompiledSegments(definitions, plan, order, hidden, symbols, attributeIds, text, writer.ruleCount(),
                base);
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
    public Segment segment(String name) {
        return byName.get(name);
    }

    /** The generated DRL, for inspection: it holds numbers only, never text from definitions. */
    public String drl() {
        return drl;
    }

    /** How many rules the definitions compiled to. */
    public int ruleCount() {
        return ruleCount;
    }

    /** The segments the customer is in, evaluated by the rules, in dependency order. */
    public Set<String> evaluate(Customer customer, double[] features, long now) {
        return evaluate(customer, features, now, Set.of());
    }

    /**
     * The segments the customer is in and the hidden conditions that hold, evaluated by the rules; the
     * "since trigger" keys that have happened for the customer's programs are given.
     */
    public Set<String> evaluate(Customer customer, double[] features, long now, Set<String> since) {
        if (kieBase == null) {
            return Set.of();
        }
        KieSession session = sessions.poll();
        if (session == null) {
            session = kieBase.newKieSession();
        }
        boolean clean = false;
        try {
            List<FactHandle> handles = new ArrayList<>(32);
            for (Object fact : facts(customer, features, now, since)) {
                handles.add(session.insert(fact));
            }
            session.fireAllRules();
            boolean[] member = new boolean[segmentNames.length];
            for (Object o : session.getObjects(o -> o instanceof Member)) {
                member[((Member) o).getSegment()] = true;
            }
            for (FactHandle h : handles) {
                session.delete(h);
            }
            session.fireAllRules();
            clean = session.getFactCount() == 0;
            Set<String> in = new LinkedHashSet<>();
            for (int i = 0; i < member.length; i++) {
                if (member[i]) {
                    in.add(segmentNames[i]);
                }
            }
            return in;
        } finally {
            if (clean) {
                sessions.offer(session);
            } else {
                session.dispose();
            }
        }
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

    private List<Object> facts(Customer customer, double[] features, long now, Set<String> since) {
        List<Object> facts = new ArrayList<>(32);
        for (String key : since) {
            int id = symbols.find(key);
            if (id >= 0) {
                facts.add(new KeyFact(id));
            }
        }
        for (Map.Entry<String, Integer> e : attributeIds.entrySet()) {
            Attribute a = customer.attributes().get(e.getKey());
            if (a == null) {
                continue;
            }
            Value v = a.value();
            int kind = v instanceof Value.Text ? 1 : v instanceof Value.Number ? 2 : v instanceof Value.Flag ? 3 : 4;
            double num = kind == 2 || kind == 4 ? v.asNumber() : Double.NaN;
            facts.add(new AttrFact(e.getValue(), kind, symbols.find(SegmentSymbols.value(v)), num,
                    now - a.time().toEpochMilli()));
        }
        for (int i = 0; i < features.length; i++) {
            if (!Double.isNaN(features[i])) {
                facts.add(new FeatureFact(i, features[i] == 0.0 ? 0.0 : features[i])); // one zero, as in Java
            }
        }
        for (Consent c : customer.consents().values()) {
            int id = c.granted() ? symbols.find(SegmentSymbols.consent(c.channel(), c.purpose())) : -1;
            if (id >= 0) {
                facts.add(new KeyFact(id));
            }
        }
        for (CategoryPreference p : customer.preferences().values()) {
            int id = symbols.find(SegmentSymbols.interest(p.category(), p.interest()));
            if (id >= 0) {
                facts.add(new KeyFact(id));
            }
        }
        return facts;
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
        state.put(name, 1);
        path.push(name);
        for (String ref : new TreeSet<>(references(byName.get(name).condition()))) {
            if (byName.containsKey(ref)) {
                visit(ref, byName, state, path, order, problems);
            }
        }
        path.pop();
        state.put(name, 2);
        order.add(byName.get(name));
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

    private static void collectFeatures(Condition c, Set<Feature> out) {
        walk(c, x -> {
            if (x instanceof Condition.FeatureCompare f) {
                out.add(f.feature());
            }
        });
    }

    private static void collectAttributes(Condition c, Map<String, Integer> out, SymbolTable symbols) {
        walk(c, x -> {
            if (x instanceof Condition.AttributeCompare || x instanceof Condition.AttributePresent
                    || x instanceof Condition.AttributeOlderThan) {
                String name = ConditionEvaluator.attributeName(x);
                out.put(name, symbols.intern(SegmentSymbols.attribute(name)));
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
