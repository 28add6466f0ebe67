package io.relevans.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.relevans.customer.Attribute;
import io.relevans.customer.Category;
import io.relevans.customer.CategoryPreference;
import io.relevans.customer.Channel;
import io.relevans.customer.ChannelPreference;
import io.relevans.customer.Consent;
import io.relevans.customer.Customer;
import io.relevans.customer.CustomerId;
import io.relevans.customer.Identity;
import io.relevans.customer.Interest;
import io.relevans.customer.Purpose;
import io.relevans.customer.Source;
import io.relevans.customer.Value;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class CustomerJsonTest {

    static final Instant T = Instant.parse("2026-03-01T09:00:00Z");

    static Customer anna() {
        return Customer.newCustomer(CustomerId.of("c-1"), Identity.email("anna@example.com"))
                .withIdentity(Identity.loyalty("7001"))
                .withAttribute(new Attribute("has_children", Value.of(false), Source.DECLARED, T.minusSeconds(86_400L * 2000)))
                .withAttribute(new Attribute("birthday", Value.of(LocalDate.of(1990, 5, 1)), Source.IMPORTED, T))
                .withAttribute(new Attribute("shoe_size", Value.of(38.5), Source.STAFF, T))
                .withAttribute(new Attribute("nickname", Value.of("\"Anna\" \u00e5 \\ <b>"), Source.INFERRED, T))
                .withConsent(new Consent(Channel.EMAIL, Purpose.MARKETING, true, T, Source.DECLARED))
                .withConsent(new Consent(Channel.SMS, Purpose.SURVEYS, false, T, Source.STAFF))
                .withChannels(new ChannelPreference(List.of(Channel.SMS, Channel.EMAIL), T))
                .withPreference(new CategoryPreference(Category.of("party_dresses"), Interest.NOT_INTERESTED, T,
                        Source.DECLARED));
    }

    @Test
    void write_thenRead_givesAnEqualProfile() {
        Customer anna = anna();
        assertEquals(anna, CustomerJson.read(CustomerJson.write(anna)));
        assertEquals(anna, CustomerJson.read(CustomerJson.writePretty(anna)));
    }

    @Test
    void read_minimalProfile_defaultsToEmpty() {
        Customer c = CustomerJson.read("{\"id\":\"c-9\",\"identities\":[{\"phone\":\"+47 900 00 000\"}]}");
        assertEquals(Customer.newCustomer(CustomerId.of("c-9"), Identity.phone("+4790000000")), c);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"id\":\"c\"}|identities|at least one identity is required",
        "{\"identities\":[{\"email\":\"a@b\"}]}|id|is required",
        "{\"id\":\"c\",\"identities\":[{\"fax\":\"1\"}]}|identities[0].fax|unknown identity type; expected one of [email, phone, postal_address, login, cookie, loyalty_number, pos_customer_number]",
        "{\"id\":\"c\",\"identities\":[{\"email\":\"a@b\"}],\"attributes\":{\"gender\":{\"value\":\"f\",\"source\":\"guessed\",\"time\":\"2026-01-01T00:00:00Z\"}}}|attributes.gender.source|expected one of [declared, inferred, imported, staff], got 'guessed'",
        "{\"id\":\"c\",\"identities\":[{\"email\":\"a@b\"}],\"attributes\":{\"gender\":{\"value\":\"f\",\"source\":\"declared\",\"time\":\"yesterday\"}}}|attributes.gender.time|expected an ISO-8601 instant such as 2026-03-01T10:15:00Z, got 'yesterday'",
        "{\"id\":\"c\",\"identities\":[{\"email\":\"a@b\"}],\"attributes\":{\"9lives\":{\"value\":1,\"source\":\"declared\",\"time\":\"2026-01-01T00:00:00Z\"}}}|attributes.9lives|invalid attribute name '9lives': use a letter followed by up to 63 letters, digits, '_', '.' or '-'",
        "{\"id\":\"c\",\"identities\":[{\"email\":\"a@b\"}],\"consents\":[{\"channel\":\"email\",\"purpose\":\"marketing\",\"granted\":\"yes\",\"time\":\"2026-01-01T00:00:00Z\",\"source\":\"declared\"}]}|consents[0].granted|expected true or false",
        "{\"id\":\"c\",\"identities\":[{\"email\":\"a@b\"}],\"channels\":{\"order\":[\"sms\",\"sms\"],\"time\":\"2026-01-01T00:00:00Z\"}}|channels.order|channel preference lists a channel twice: sms",
        "{\"id\":\"c\",\"identities\":[{\"email\":\"a@b\"}],\"favourite\":1}|favourite|unknown field; expected one of [attributes, channels, consents, id, identities, preferences]",
        "{\"id\":\"c\",|| malformed JSON at line 1, column 11: Unexpected end-of-input within/between Object entries",
    })
    void read_badProfile_namesFieldAndProblem(String json, String field, String problem) {
        ProfileFormatException e = assertThrows(ProfileFormatException.class, () -> CustomerJson.read(json));
        assertEquals(field == null ? "" : field, e.field());
        assertEquals(problem.strip(), e.problem());
    }
}
