package io.relevans.dsl.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * The index of names for many look-ups gives exactly the hint a comparison with every candidate gives:
 * the closest candidate within the distance, the first in order among equally close ones.
 */
class SuggestIndexProperties {

    @Provide
    Arbitrary<String> words() {
        // few letters, so that words are often close to each other; some upper case and longer ones
        Arbitrary<String> small = Arbitraries.strings().withChars("abcAB_1").ofMinLength(0).ofMaxLength(7);
        Arbitrary<String> longer = Arbitraries.strings().withChars("ab").ofMinLength(60).ofMaxLength(70);
        Arbitrary<String> any = Arbitraries.strings().ofMaxLength(6);
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(8, small), net.jqwik.api.Tuple.of(1, longer),
                net.jqwik.api.Tuple.of(1, any));
    }

    @Property(tries = 3000)
    void theIndexGivesTheHintOfTheFullComparison(@ForAll("words") String word,
                                                  @ForAll("candidates") List<String> candidates) {
        assertEquals(Suggest.closest(word, candidates), Suggest.index(candidates).closest(word),
                word + " among " + candidates);
    }

    @Provide
    Arbitrary<List<String>> candidates() {
        return words().list().ofMaxSize(30);
    }

    @Test
    void ordinaryTyposGetTheirHint() {
        Suggest.Index index = Suggest.index(List.of("big_spenders", "win_back", "stale_children", "fans", "men"));
        assertEquals("; did you mean 'big_spenders'?", index.hint("bigspenders"));
        assertEquals("; did you mean 'win_back'?", index.hint("wni_back"));
        assertEquals("; did you mean 'fans'?", index.hint("fan"));
        assertEquals("; did you mean 'men'?", index.hint("Men"));
        assertEquals("", index.hint("women_over_40"));
        assertEquals("", index.hint("big_spenders"));
    }
}
