package io.relevans.examples.retailer;

import io.relevans.customer.Attribute;
import io.relevans.customer.Channel;
import io.relevans.customer.ChannelPreference;
import io.relevans.customer.Consent;
import io.relevans.customer.Customer;
import io.relevans.customer.CustomerId;
import io.relevans.customer.Identity;
import io.relevans.customer.Purpose;
import io.relevans.customer.Source;
import io.relevans.customer.Value;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One synthetic customer of the simulated retailer: who they are (identities, basic data of varying
 * age, consents, preferred channels) and how they behave (how often they shop online and in the store,
 * what they look at, which end of the price range they buy from).
 *
 * @param index           position in the population, also part of the synthetic email address
 * @param joinDay         day of the simulated period on which the customer signs up, or -1 for a
 *                        customer already in the base when the period starts
 * @param onlineRate      web or app sessions per day
 * @param storeRate       store visits per day
 * @param appShare        share of online sessions in the app
 * @param priceLean       0 buys the cheapest of a category, 1 the dearest
 * @param dropout         the chance of lapsing after each repeat purchase (from then on no visits or purchases
 *                        of their own; a message may still bring them back), as the BG/NBD model assumes
 * @param interests       categories the customer mostly looks at
 * @param hasBalcony      known answer to "do you have a balcony?", if any
 * @param hasChildren     known answer to "do you have children?", if any
 * @param basicDataAge    how long ago the basic data (gender, children, balcony) was last confirmed
 * @param consents        granted consents as {@code channel:purpose}
 * @param channels        the declared channel order, empty if never declared
 */
public record Shopper(int index, int joinDay, String firstName, String lastName, String gender, LocalDate birthday,
                      String email, Optional<String> phone, Optional<String> loyaltyNumber, Optional<String> appLogin,
                      String homeStore, double onlineRate, double storeRate, double appShare, double priceLean,
                      double dropout, List<String> interests, Optional<Boolean> hasBalcony, Optional<Boolean> hasChildren,
                      Duration basicDataAge, List<String> consents, List<Channel> channels) {

    /** Checks the fields. */
    public Shopper {
        Objects.requireNonNull(email, "email");
        interests = List.copyOf(interests);
        consents = List.copyOf(consents);
        channels = List.copyOf(channels);
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
        }
    }

    /** The identity the web shop knows the customer by. */
    public Identity emailIdentity() {
        return Identity.email(email);
    }

    /** The identity the store till knows the customer by: the loyalty number, else the email. */
    public Identity storeIdentity() {
        return loyaltyNumber.map(Identity::loyalty).orElse(emailIdentity());
    }

    /** The identity customer service finds the customer by: the phone, else the email. */
    public Identity serviceIdentity() {
        return phone.map(Identity::phone).orElse(emailIdentity());
    }

    /** Whether the customer uses the app. */
    public boolean appUser() {
        return appLogin.isPresent();
    }

    /** The engine's id of the customer. */
    public CustomerId id() {
        return CustomerId.derivedFrom(emailIdentity());
    }

    /**
     * The profile as the retailer's old CRM hands it over at go-live: identities, basic data with the
     * time each value was last confirmed, consents and the channel order.
     */
    public Customer profile(Instant now) {
        Instant confirmed = now.minus(basicDataAge);
        Customer c = Customer.newCustomer(id(), emailIdentity());
        for (Optional<Identity> more : List.of(phone.map(Identity::phone), loyaltyNumber.map(Identity::loyalty),
                appLogin.map(Identity::login))) {
            if (more.isPresent()) {
                c = c.withIdentity(more.get());
            }
        }
        c = c.withAttribute(new Attribute("first_name", Value.of(firstName), Source.DECLARED, confirmed))
                .withAttribute(new Attribute("birthday", Value.of(birthday), Source.DECLARED, confirmed));
        if (!gender.isEmpty()) {
            c = c.withAttribute(new Attribute("gender", Value.of(gender), Source.DECLARED, confirmed));
        }
        if (hasBalcony.isPresent()) {
            c = c.withAttribute(new Attribute("has_balcony", Value.of(hasBalcony.get()), Source.DECLARED, confirmed));
        }
        if (hasChildren.isPresent()) {
            c = c.withAttribute(new Attribute("has_children", Value.of(hasChildren.get()), Source.DECLARED, confirmed));
        }
        for (String consent : consents) {
            String[] parts = consent.split(":");
            c = c.withConsent(new Consent(Channel.of(parts[0]), Purpose.of(parts[1]), true, confirmed, Source.DECLARED));
        }
        if (!channels.isEmpty()) {
            c = c.withChannels(new ChannelPreference(channels, confirmed));
        }
        return c;
    }

    @Override
    public String toString() {
        return "Shopper[" + index + "]"; // never the synthetic personal data
    }
}
