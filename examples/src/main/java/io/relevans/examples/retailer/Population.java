package io.relevans.examples.retailer;

import io.relevans.customer.Channel;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Generates the simulated retailer's customers from a seed: the same seed and size give the same
 * customers, field by field. About 98% are in the base when the period starts; the rest sign up
 * during it. Names are Norwegian and Swedish; addresses are under {@code example.com}.
 */
public final class Population {

    /** The stores of the chain. */
    public static final List<String> STORES = List.of("oslo-storo", "oslo-sandvika", "bergen-lagunen",
            "trondheim-city-syd", "stavanger-kvadrat", "stockholm-kungens-kurva", "goteborg-backebol", "malmo-svagertorp");

    private static final String[] FEMALE = {"Anna", "Ingrid", "Kari", "Nora", "Emma", "Sara", "Maja", "Astrid",
            "Elin", "Sofie", "Linnea", "Ida", "Hanna", "Karin", "Marit", "Solveig"};
    private static final String[] MALE = {"Ola", "Lars", "Erik", "Jonas", "Magnus", "Anders", "Johan", "Per",
            "Henrik", "Oskar", "Nils", "Sven", "Emil", "Jakob", "Knut", "Bjorn"};
    private static final String[] LAST = {"Hansen", "Johansen", "Olsen", "Larsen", "Andersen", "Pedersen",
            "Nilsen", "Berg", "Haugen", "Bakken", "Lindqvist", "Karlsson", "Eriksson", "Svensson", "Lund", "Dahl"};

    /**
     * The second shape of the Beta(1, b) distribution the customers' dropout chances are drawn from: the
     * mean chance of lapsing after a repeat purchase is 1 / (1 + b).
     */
    static final double DROPOUT_B = 3;

    private Population() {
    }

    /**
     * The customers of a simulated period of {@code days} days.
     *
     * @throws IllegalArgumentException when size or days is not positive
     */
    public static List<Shopper> generate(long seed, int size, int days) {
        if (size <= 0 || days <= 0) {
            throw new IllegalArgumentException("population size and days must be positive, got " + size + " and " + days);
        }
        Catalogue catalogue = Catalogue.nordhus();
        List<Shopper> shoppers = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            shoppers.add(shopper(new SplittableRandom(seed * 1_000_003L + i), i, days, catalogue));
        }
        return shoppers;
    }

    private static Shopper shopper(SplittableRandom r, int i, int days, Catalogue catalogue) {
        int joinDay = r.nextDouble() < 0.02 ? r.nextInt(days) : -1;
        double g = r.nextDouble();
        String gender = g < 0.48 ? "female" : g < 0.93 ? "male" : "";
        String first = gender.equals("male") || (gender.isEmpty() && r.nextBoolean())
                ? MALE[r.nextInt(MALE.length)] : FEMALE[r.nextInt(FEMALE.length)];
        String last = LAST[r.nextInt(LAST.length)];
        LocalDate birthday = LocalDate.of(1950 + r.nextInt(55), 1 + r.nextInt(12), 1 + r.nextInt(28));
        String email = (first + "." + last + "." + i + "@example.com").toLowerCase(Locale.ROOT);
        Optional<String> phone = r.nextDouble() < 0.8 ? Optional.of("+479" + String.format("%07d", i)) : Optional.empty();
        Optional<String> loyalty = r.nextDouble() < 0.7 ? Optional.of(String.valueOf(7_000_000 + i)) : Optional.empty();
        boolean app = r.nextDouble() < 0.35;
        Optional<String> login = app ? Optional.of("app-" + i) : Optional.empty();

        double kind = r.nextDouble(); // dormant, casual, active
        double onlineRate = (kind < 0.4 ? 0.004 : kind < 0.8 ? 0.02 : 0.07) * (0.5 + r.nextDouble());
        double storeRate = loyalty.isPresent() ? (r.nextDouble() < 0.5 ? 0.012 : 0.002) * (0.5 + r.nextDouble()) : 0.001;
        double appShare = app ? 0.4 + r.nextDouble() * 0.5 : 0;
        double priceLean = r.nextDouble();
        List<String> interests = new ArrayList<>();
        int n = 1 + r.nextInt(3);
        while (interests.size() < n) {
            String c = catalogue.anyCategory(r);
            if (!interests.contains(c)) {
                interests.add(c);
            }
        }
        Optional<Boolean> balcony = r.nextDouble() < 0.6 ? Optional.of(r.nextDouble() < 0.55) : Optional.empty();
        Optional<Boolean> children = r.nextDouble() < 0.4 ? Optional.of(r.nextDouble() < 0.45) : Optional.empty();
        Duration age = Duration.ofDays(r.nextInt(6 * 365));

        List<String> consents = new ArrayList<>();
        grant(consents, r, 0.75, "email:marketing");
        grant(consents, r, 0.55, "email:surveys");
        grant(consents, r, 0.95, "email:service");
        if (phone.isPresent()) {
            grant(consents, r, 0.30, "sms:marketing");
            grant(consents, r, 0.60, "sms:service");
            grant(consents, r, 0.20, "sms:surveys");
        }
        if (app) {
            grant(consents, r, 0.60, "push:marketing");
        }
        if (loyalty.isPresent()) {
            consents.add("in_store:marketing");
        }
        double c = r.nextDouble();
        List<Channel> channels = c < 0.5 ? List.of(Channel.EMAIL)
                : c < 0.65 && phone.isPresent() ? List.of(Channel.SMS, Channel.EMAIL)
                : c < 0.80 && app ? List.of(Channel.PUSH, Channel.EMAIL)
                : List.of();
        String homeStore = Population.STORES.get(r.nextInt(STORES.size()));
        // Beta(1, DROPOUT_B) by its inverse distribution function: most rarely lapse, some soon
        double dropout = Math.min(0.95, 1 - Math.pow(1 - r.nextDouble(), 1 / DROPOUT_B));
        return new Shopper(i, joinDay, first, last, gender, birthday, email, phone, loyalty, login, homeStore,
                onlineRate, storeRate, appShare, priceLean, dropout, interests, balcony, children, age, consents, channels);
    }

    private static void grant(List<String> consents, SplittableRandom r, double share, String consent) {
        if (r.nextDouble() < share) {
            consents.add(consent);
        }
    }
}
