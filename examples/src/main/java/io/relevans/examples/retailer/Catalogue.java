package io.relevans.examples.retailer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * The simulated retailer's assortment: a few products per category with list prices in NOK, from
 * budget to premium, so that price tiers (S19) and cross-sell (S7) have something to work on.
 */
public final class Catalogue {

    /** One product on sale. */
    public record Product(String sku, String name, String category, double price) {
        /** Checks the fields. */
        public Product {
            Objects.requireNonNull(sku, "sku");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(category, "category");
        }
    }

    private final Map<String, List<Product>> byCategory = new LinkedHashMap<>();
    private final Map<String, Double> shares = new LinkedHashMap<>();
    private final List<String> categories;
    private final double[] weights;

    private Catalogue() {
        add("tv", 0.10, "TV 43\" LED", 3_490, "TV 55\" 4K", 7_990, "TV 65\" QLED", 14_990, "TV 77\" OLED", 27_990);
        add("tv_accessories", 0.08, "HDMI cable", 199, "Wall bracket", 699, "Soundbar", 2_990);
        add("washing_machines", 0.05, "Washer 7 kg", 3_990, "Washer 9 kg", 7_490, "Washer-dryer", 13_990);
        add("clothing", 0.22, "T-shirt", 149, "Jeans", 599, "Rain jacket", 1_299, "Wool sweater", 899);
        add("party_dresses", 0.08, "Sequin dress", 899, "Velvet dress", 1_499, "Silk gown", 2_799);
        add("outdoor_furniture", 0.07, "Garden chair", 1_490, "Lounge set", 8_990, "Teak table", 17_990);
        add("balcony_furniture", 0.07, "Folding chair", 399, "Balcony table", 899, "Balcony sofa", 3_490);
        add("tents", 0.06, "2-person tent", 1_290, "4-person tent", 3_990, "Expedition tent", 8_490);
        add("sleeping_bags", 0.06, "Summer bag", 599, "Three-season bag", 1_490, "Down bag", 3_290);
        add("kitchen", 0.21, "Coffee maker", 799, "Knife set", 1_190, "Stand mixer", 4_990);
        categories = List.copyOf(byCategory.keySet());
        weights = shares.values().stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static final Catalogue NORDHUS = new Catalogue();

    /** The assortment of the example's retailer, Nordhus. */
    public static Catalogue nordhus() {
        return NORDHUS;
    }

    private void add(String category, double weight, Object... namesAndPrices) {
        List<Product> products = new ArrayList<>();
        for (int i = 0; i < namesAndPrices.length; i += 2) {
            String name = (String) namesAndPrices[i];
            double price = ((Number) namesAndPrices[i + 1]).doubleValue();
            products.add(new Product(category + "-" + (i / 2 + 1), name, category, price));
        }
        byCategory.put(category, List.copyOf(products));
        shares.put(category, weight);
    }

    /** The categories, in a fixed order. */
    public List<String> categories() {
        return categories;
    }

    /** The products of a category, cheapest first. */
    public List<Product> products(String category) {
        List<Product> products = byCategory.get(category);
        if (products == null) {
            throw new IllegalArgumentException("unknown category '" + category + "'");
        }
        return products;
    }

    /** A category drawn by how much of the assortment it is. */
    public String anyCategory(SplittableRandom random) {
        double x = random.nextDouble();
        for (int i = 0; i < weights.length; i++) {
            x -= weights[i];
            if (x < 0) {
                return categories.get(i);
            }
        }
        return categories.get(categories.size() - 1);
    }

    /**
     * A product of the category for a shopper who leans to the given end of the range: 0 picks the
     * cheapest most often, 1 the dearest.
     */
    public Product pick(String category, double priceLean, SplittableRandom random) {
        List<Product> products = products(category);
        double position = Math.min(0.999, Math.max(0, priceLean + (random.nextDouble() - 0.5) * 0.5));
        return products.get((int) (position * products.size()));
    }
}
