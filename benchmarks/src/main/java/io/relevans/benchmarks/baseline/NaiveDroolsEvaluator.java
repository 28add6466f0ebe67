package io.relevans.benchmarks.baseline;

import io.relevans.benchmarks.baseline.naive.Membership;
import io.relevans.benchmarks.baseline.naive.Profile;
import io.relevans.benchmarks.baseline.naive.RawEvent;
import io.relevans.benchmarks.baseline.naive.RawLine;
import io.relevans.benchmarks.baseline.naive.Today;
import io.relevans.benchmarks.workload.SegmentSpec;
import io.relevans.benchmarks.workload.Workload;
import io.relevans.customer.Customer;
import io.relevans.customer.CustomerId;
import io.relevans.customer.Identity;
import io.relevans.definition.Tier;
import io.relevans.event.Event;
import io.relevans.event.Line;
import io.relevans.internal.profile.ProfileUpdater;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.kie.api.KieBase;
import org.kie.api.KieServices;
import org.kie.api.builder.KieBuilder;
import org.kie.api.builder.KieFileSystem;
import org.kie.api.builder.Message;
import org.kie.api.builder.ReleaseId;
import org.kie.api.runtime.KieSession;

/**
 * What a newcomer to Drools writes: one DRL rule per segment with {@code accumulate} over the raw event
 * history, every event kept per customer, and a new session per event that inserts the whole history,
 * the profile and today's date, fires, and reads the memberships.
 */
final class NaiveDroolsEvaluator implements SegmentEvaluator {

    private static final AtomicLong BUILDS = new AtomicLong();

    /** One customer's raw history and profile. */
    private static final class History {
        Customer customer;
        final List<Object> facts = new ArrayList<>();

        History(Customer customer) {
            this.customer = customer;
        }
    }

    private final Workload workload;
    private final Clock clock;
    private final KieBase kieBase;
    private final ConcurrentHashMap<Identity, History> histories = new ConcurrentHashMap<>();
    private final String drl;

    NaiveDroolsEvaluator(Workload workload, Clock clock, int segments) {
        this.workload = workload;
        this.clock = clock;
        this.drl = drl(workload.specs().subList(0, segments));
        this.kieBase = build(drl);
    }

    /** The DRL, for inspection. */
    String drl() {
        return drl;
    }

    static String drl(List<SegmentSpec> specs) {
        StringBuilder d = new StringBuilder("package io.relevans.benchmarks.naive;\n\n");
        for (Class<?> c : List.of(RawEvent.class, RawLine.class, Profile.class, Today.class, Membership.class)) {
            d.append("import ").append(c.getName()).append(";\n");
        }
        d.append('\n');
        for (SegmentSpec s : specs) {
            String name = s.name();
            String window = "day > $t.day - " + s.windowDays();
            String cat = "\"" + s.category() + "\"";
            String t = Double.toString(s.threshold());
            switch (s.family()) {
                case CATEGORY_BUYER -> rule(d, name, "$t : Today()",
                        "accumulate( RawLine( purchase == true, category == " + cat + ", " + window
                                + " ); $n : count(1); $n >= " + t + " )");
                case SPENDER -> rule(d, name, "$t : Today()",
                        "accumulate( RawLine( purchase == true, " + window + ", $a : amount ); $s : sum($a); $s > " + t
                                + " )");
                case PRICE_TIER -> {
                    Tier tier = s.tier();
                    String bounds = switch (tier) {
                        case BUDGET -> "$avg < " + Tier.BUDGET.to();
                        case MID -> "$avg >= " + Tier.MID.from() + ", $avg < " + Tier.MID.to();
                        case PREMIUM -> "$avg >= " + Tier.PREMIUM.from();
                    };
                    rule(d, name, "accumulate( RawLine( purchase == true, category == " + cat
                            + ", $s : share ); $avg : average($s), $n : count(1); $n > 0, " + bounds + " )");
                }
                case OMNICHANNEL_OR_STORE -> rule(d, name, "$t : Today()", s.firstVariant()
                        ? "accumulate( RawEvent( origin != \"system\", " + window
                                + ", $o : origin ); $set : collectSet($o); $set.size() >= " + (int) s.threshold() + " )"
                        : "accumulate( RawEvent( type == \"store_visit\", " + window + " ); $n : count(1); $n >= " + t
                                + " )");
                case LAPSED_WITH_CONSENT -> rule(d, name,
                        "accumulate( RawEvent( type == \"purchase\", $m : millis ); $last : max($m), $n : count(1); $n > 0 )",
                        "Today( (millis - $last.longValue()) / 86400000.0 > " + t + " )",
                        "Profile( consents contains \"email/marketing\" )");
                case GENDER_OR_BROWSER -> {
                    namedRule(d, name + "_gender", name, "Profile( text(\"gender\") == \"" + s.text() + "\" )");
                    namedRule(d, name + "_views", name, "$t : Today()",
                            "accumulate( RawEvent( type == \"product_view\", category == " + cat + ", " + window
                                    + " ); $n : count(1); $n >= " + t + " )");
                }
                case PARENT_NOT_EXCLUDED -> rule(d, name, "Profile( ageMillis(\"has_children\") > "
                        + SegmentSpec.PARENT_AGE_DAYS * 86_400_000L + "L, notInterested not contains " + cat + " )");
                case UNHAPPY_OR_ENGAGED -> rule(d, name, "$t : Today()", s.firstVariant()
                        ? "accumulate( RawEvent( type == \"review\", " + window
                                + ", $r : rating ); $max : max($r), $n : count(1); $n > 0, $max <= " + t + " )"
                        : "accumulate( RawEvent( type == \"message_clicked\", " + window + " ); $n : count(1); $n >= "
                                + t + " )");
                case AGE -> rule(d, name, "Profile( number(\"age\") >= " + t + " )");
                case NESTED -> {
                    if (s.refIn() < 0) {
                        rule(d, name, "Profile( has(\"gender\") )");
                    } else {
                        rule(d, name, "Membership( name == \"" + SegmentSpec.name(s.refIn()) + "\" )",
                                "not Membership( name == \"" + SegmentSpec.name(s.refNotIn()) + "\" )");
                    }
                }
                default -> throw new IllegalStateException("unknown family " + s.family());
            }
        }
        return d.toString();
    }

    private static void rule(StringBuilder d, String name, String... patterns) {
        namedRule(d, name, name, patterns);
    }

    private static void namedRule(StringBuilder d, String rule, String segment, String... patterns) {
        d.append("rule \"").append(rule).append("\"\nwhen\n");
        for (String p : patterns) {
            d.append("    ").append(p).append('\n');
        }
        d.append("then\n    insertLogical(new Membership(\"").append(segment).append("\"));\nend\n\n");
    }

    private static KieBase build(String drl) {
        KieServices ks = KieServices.get();
        ReleaseId id = ks.newReleaseId("io.relevans.benchmarks", "naive-" + BUILDS.incrementAndGet(), "1.0.0");
        KieFileSystem files = ks.newKieFileSystem();
        files.generateAndWritePomXML(id);
        files.write("src/main/resources/io/relevans/benchmarks/naive/segments.drl", drl);
        KieBuilder builder = ks.newKieBuilder(files).buildAll();
        if (builder.getResults().hasMessages(Message.Level.ERROR)) {
            throw new IllegalStateException("naive DRL does not compile: " + builder.getResults().getMessages());
        }
        try {
            return ks.newKieContainer(id).getKieBase();
        } finally {
            ks.getRepository().removeKieModule(id);
        }
    }

    private static void append(History h, Event e) {
        h.customer = ProfileUpdater.apply(h.customer, e);
        h.facts.add(new RawEvent(e));
        for (Line line : e.lines()) {
            h.facts.add(new RawLine(e, line));
        }
    }

    @Override
    public void preload(int from, int to) {
        for (int i = from; i < to; i++) {
            Identity who = workload.identity(i);
            History h = new History(Customer.newCustomer(CustomerId.derivedFrom(who), who));
            for (Event e : workload.history(i)) {
                append(h, e);
            }
            histories.put(who, h);
        }
    }

    @Override
    public int ingest(Event event) {
        History h = histories.computeIfAbsent(event.customer(),
                who -> new History(Customer.newCustomer(CustomerId.derivedFrom(who), who)));
        append(h, event);
        return evaluate(h).size();
    }

    private SortedSet<String> evaluate(History h) {
        long now = clock.millis();
        KieSession session = kieBase.newKieSession();
        try {
            for (Object f : h.facts) {
                session.insert(f);
            }
            session.insert(new Profile(h.customer, now));
            session.insert(new Today(now));
            session.fireAllRules();
            TreeSet<String> in = new TreeSet<>();
            for (Object o : session.getObjects(o -> o instanceof Membership)) {
                in.add(((Membership) o).getName());
            }
            return in;
        } finally {
            session.dispose();
        }
    }

    @Override
    public SortedSet<String> memberships(Identity customer) {
        History h = histories.get(customer);
        return h == null ? new TreeSet<>() : evaluate(h);
    }

    @Override
    public long resegment() {
        return histories.values().parallelStream().mapToLong(h -> evaluate(h).size()).sum();
    }
}
