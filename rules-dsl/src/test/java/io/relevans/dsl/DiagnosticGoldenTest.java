package io.relevans.dsl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Input text to the exact diagnostics, at least one case per kind of error the lexer, the parser, the model's
 * validation (reported at the construct) and the checker of references report; the static checks have their own
 * cases in {@link StaticChecksTest}.
 */
class DiagnosticGoldenTest {

    static Stream<Arguments> cases() {
        return Stream.of(
                // a named channel list
                Arguments.of("program p:\n  on signup\n  steps:\n    hello: send welcome by sms, email\n",
                        "t.rel:4:33: error: a named channel is exactly one; for a fallback order write "
                                + "'by preferred, sms, email'"),
                // misspelt top-level keyword
                Arguments.of("segmnt foo:\n  attribute x present\n",
                        "t.rel:1:1: error: expected 'segment', 'program', 'category' or 'policies', found 'segmnt'; "
                                + "did you mean 'segment'?"),
                // misspelt 'and'
                Arguments.of("segment a:\n  days_since purchase > 180 adn consent email for marketing\n",
                        "t.rel:2:29: error: expected 'and', 'or' or the end of the segment, found 'adn'; "
                                + "did you mean 'and'?"),
                Arguments.of("segment a: attribute gender = \"male\"\n",
                        "t.rel:1:29: error: expected an operator (==, !=, <, <=, >, >=), 'present' or 'older than', "
                                + "found '='"),
                Arguments.of("segment a: count purchase over 90q >= 2\n",
                        "t.rel:1:32: error: unknown duration unit 'q' in '90q'; use ms, s, m, h, d, w or y (365d)"),
                Arguments.of("segment a: count purchase over 90 >= 1\n",
                        "t.rel:1:32: error: expected a window length such as 90d, found '90'; add a unit such as 90d "
                                + "(ms, s, m, h, d, w, y)"),
                Arguments.of("segment a: in segment bigspenders\nsegment big_spenders: count purchase >= 1\n",
                        "t.rel:1:23: error: unknown segment 'bigspenders'; did you mean 'big_spenders'?"),
                Arguments.of("segment a: count purchase >= 1\nsegment a: count purchase >= 2\n",
                        "t.rel:2:9: error: segment 'a' is defined twice (first on line 1)"),
                Arguments.of("segment a: attribute gender == male\n",
                        "t.rel:1:32: error: expected a value (\"text\", a number, true, false or date 2000-01-31), "
                                + "found 'male'; text is written in double quotes: \"male\""),
                Arguments.of("segment a: attribute gender == 'male'\n",
                        "t.rel:1:32: error: text is written in double quotes: \"male\""),
                Arguments.of("segment a: attribute gender > \"male\"\n",
                        "t.rel:1:12: error: cannot order a text: attribute gender > male; use == or !=, or compare "
                                + "a number or date"),
                Arguments.of("segment a: price_tier tv is budget\n",
                        "t.rel:1:23: error: category 'tv' has no price range for its price tiers; add a line such as "
                                + "'category tv price 100 .. 1000'"),
                Arguments.of("segment a: since trigger purchase\n",
                        "t.rel:1:12: error: 'since trigger' is only allowed in programs: a segment has no trigger"),
                Arguments.of("segment a: attribute x == \"abc\n",
                        "t.rel:1:27: error: text not closed: add a '\"' before the end of the line"),
                Arguments.of("segment a: (attribute x present\n",
                        "t.rel:1:32: error: expected ')', found end of file"),
                Arguments.of("segment a: attribute x present\n@\nsegment b: attribute y present\n",
                        "t.rel:2:1: error: unexpected character '@'"),
                Arguments.of("segment a: count purchase >= 1 segment b: count purchase >= 1\n",
                        "t.rel:1:32: error: expected 'and', 'or' or the end of the segment, found 'segment'"),
                Arguments.of("segment x: not not not\n",
                        "t.rel:1:23: error: expected a condition, found end of file"),
                Arguments.of("segment a: " + "(".repeat(100) + "\n",
                        "t.rel:1:52: error: conditions are nested too deeply (at most 40 levels)"),
                Arguments.of("segment a: sum purchase >= 1\n",
                        "t.rel:1:16: error: expected an event type and property such as purchase.line.amount, "
                                + "found 'purchase'"),
                Arguments.of("segment a: count Purchase >= 1\n",
                        "t.rel:1:18: error: 'Purchase' is not a valid event type: use 1..64 lower-case letters, "
                                + "digits or '_', starting with a letter"),
                Arguments.of("segment a: count purchase over 30d/1h >= 1\n",
                        "t.rel:1:27: error: window 30d in buckets of 1h needs 720 buckets; at most 400 are allowed, "
                                + "use larger buckets"),
                Arguments.of("category tv price 100 .. 50\ncategory tv price 1 .. 2\n",
                        "t.rel:1:10: error: price range of tv must have 0 <= min < max, got 100.0..50.0\n"
                                + "t.rel:2:10: error: category 'tv' is defined twice (first on line 1)"),
                // several broken items in one file, each reported
                Arguments.of("segment a: cout purchase >= 1\nsegment b: attribute x present\n"
                                + "segment c: attribute y = 1\nsegment d: in segment e\n",
                        "t.rel:1:12: error: expected a condition, found 'cout'; did you mean 'count'?\n"
                                + "t.rel:3:24: error: expected an operator (==, !=, <, <=, >, >=), 'present' or 'older "
                                + "than', found '='\n"
                                + "t.rel:4:23: error: unknown segment 'e'"),
                // policies
                Arguments.of("policies:\n  quiet hours 21:00 - 08:00 in Europe/Osloo\n  cap 3 per 7d\n",
                        "t.rel:2:32: error: unknown time zone 'Europe/Osloo'; did you mean 'Europe/Oslo'?\n"
                                + "t.rel:3:15: error: expected 'overall' or 'on' and a channel (program caps are set in "
                                + "programs), found end of file"),
                Arguments.of("policies:\n  quiet hours 21:00 - 08:00\npolicies:\n  cap 1 per 1d overall\n",
                        "t.rel:3:1: error: policies are defined twice (first on line 1); put all policies in one block"),
                // programs
                Arguments.of("program p:\n  on cart_change\n  steps:\n    a: wait 4h\n    b: go to c\n",
                        "t.rel:5:14: error: unknown step 'c' (steps: a, b)"),
                Arguments.of("program p:\n  on cart_change\n  steps:\n    remind: wait 4h\n    b: go to remnd\n",
                        "t.rel:5:14: error: unknown step 'remnd' (steps: remind, b); did you mean 'remind'?"),
                Arguments.of("program p:\n  steps:\n    a: wait 4h\n",
                        "t.rel:1:9: error: program 'p' has no trigger: add a line such as 'on purchase'"),
                Arguments.of("program p:\n  on purchase\n  control 60%\n  steps:\n    a: send x by email\n",
                        "t.rel:3:3: error: the control share must be 0 to 50% (0 to 0.5), got 60%"),
                Arguments.of("program p:\n  on purchase\n  reentry twice\n  steps:\n    a: sned x by email\n    a: end\n",
                        "t.rel:3:11: error: expected 'once', 'once per', 'when done' or 'restart', found 'twice'\n"
                                + "t.rel:5:8: error: expected a step such as 'wait 4h' or 'send ...', found 'sned'; "
                                + "did you mean 'send'?\n"
                                + "t.rel:6:5: error: step 'a' is defined twice in program 'p' (first on line 5)"),
                Arguments.of("program p:\n  on purchase\n  steps:\n    a: send x by email, n = foo\n",
                        "t.rel:4:29: error: expected trigger.<property>, customer.<attribute> or a value, found 'foo'"),
                Arguments.of("program p:\n  on purchase\n  on cart_change\n  steps:\n    a: end\n",
                        "t.rel:3:3: error: program 'p' has a second trigger (the first is on line 2)"),
                Arguments.of("program p:\n  on purchase\n  steps:\n    a: split x 50% -> a\n",
                        "t.rel:4:5: error: split 'a' needs at least two variants"),
                Arguments.of("program p:\n  on purchase\n  steps:\n    a: split x 50% -> b, y 50% -> b, "
                                + "pick winner after 500 per variant at 95%\n    b: end\n",
                        "t.rel:4:38: error: split 'a' of program 'p' picks a winner by the program's conversion goal, "
                                + "but the program has no goal: add one, such as 'goal purchase within 7d'"),
                Arguments.of("program p:\n  on purchase\n  goal purchase within 7d\n  steps:\n"
                                + "    a: split x 50% -> b, y 50% -> c, pick winner after 500 per variant at 95%\n"
                                + "    b: split x 50% -> c, z 50% -> c\n    c: end\n",
                        "t.rel:1:9: error: split 'a' of program 'p' picks a winner, so its variant names must be its "
                                + "own, but 'x' is also a variant of split 'b'"),
                Arguments.of("program p:\n  on purchase\n  goal purchase within 7d\n  steps:\n"
                                + "    a: split x 50% -> b, y 50% -> b, pick winner at 95%\n    b: end\n",
                        "t.rel:5:50: error: expected 'after', found 'at'"),
                Arguments.of("segment a: attribute x present\nprogram p:\n  on entering segment b\n  steps:\n    a: end\n"
                                + "program p:\n  on purchase\n  steps:\n    a: end\n",
                        "t.rel:3:23: error: unknown segment 'b'\n"
                                + "t.rel:6:9: error: program 'p' is defined twice (first on line 2)"),
                Arguments.of("program p:\n  on entering segmnt x\n  steps:\n    a: end\n",
                        "t.rel:2:15: error: expected 'segment', found 'segmnt'; did you mean 'segment'?"),
                Arguments.of("program p:\n  audiense attribute x present\n  on purchase\n  steps:\n    a: end\n",
                        "t.rel:2:3: error: expected a program clause such as 'on', 'audience' or 'steps:', found "
                                + "'audiense'; did you mean 'audience'?"),
                Arguments.of("program p:\n  on purchase\n  control 10\n  steps:\n    a: end\n",
                        "t.rel:3:3: error: the control share must be 0 to 50% (0 to 0.5), got 10; did you mean 10%?"),
                Arguments.of("segment a: cout purchase >= 2\n",
                        "t.rel:1:12: error: expected a condition, found 'cout'; did you mean 'count'?"),
                Arguments.of("program p:\n  on purchase\n  steps:\n    a: wait until 25:00\n",
                        "t.rel:4:19: error: invalid time '25:00': use hh:mm from 00:00 to 23:59 (or hh:mm:ss)"),
                Arguments.of("program p:\n  on purchase\n  steps\n    a: end\n",
                        "t.rel:3:8: error: expected ':' after 'steps', found 'a'"),
                Arguments.of("program p:\n  on purchase\n  steps:\n    a: send x by email with line\n",
                        "t.rel:4:29: error: expected 'lines', found 'line'; did you mean 'lines'?"),
                Arguments.of("program p:\n  on purchase\n  audience attribute x present adn attribute y present\n"
                                + "  steps:\n    a: end\n",
                        "t.rel:3:32: error: expected a new line after the 'audience' clause, found 'adn'; "
                                + "did you mean 'and'?"),
                // lexer: a duration is a whole number with a unit
                Arguments.of("segment a: count purchase over 1.5d >= 1\n",
                        "t.rel:1:32: error: a duration is a whole number with a unit, such as 90d, got '1.5d'"),
                // lexer: a single quote not closed on its line
                Arguments.of("segment a: attribute x == 'male\n",
                        "t.rel:1:27: error: unexpected character \"'\" (not closed on its line); text is written in "
                                + "double quotes"),
                // lexer: a unicode escape without four hex digits
                Arguments.of("segment a: attribute x == \"a\\u00zz\"\n",
                        "t.rel:1:27: error: bad escape in text: \\u needs four hex digits"),
                // lexer: an unknown escape in text
                Arguments.of("segment a: attribute x == \"a\\q\"\n",
                        "t.rel:1:27: error: unknown escape '\\q' in text; use \\\", \\\\, \\n, \\t, \\r or \\uXXXX"),
                // lexer: '!' alone
                Arguments.of("segment a: attribute x ! \"a\"\n",
                        "t.rel:1:24: error: unexpected character '!'; did you mean '!='?"),
                // lexer: a control character
                Arguments.of("segment a: attribute x present\u0001\n",
                        "t.rel:1:31: error: unexpected character '\\u0001'"),
                // parser: something after a complete category
                Arguments.of("category tv price 1 .. 2 x\n",
                        "t.rel:1:26: error: expected the end of the category, found 'x'"),
                // parser: a name missing
                Arguments.of("category : price 1 .. 2\n",
                        "t.rel:1:10: error: expected a category name, found ':'"),
                // parser: a keyword missing, with a hint
                Arguments.of("category tv prize 1 .. 2\n",
                        "t.rel:1:13: error: expected 'price', found 'prize'; did you mean 'price'?"),
                // parser: a number missing
                Arguments.of("category tv price x .. 2\n",
                        "t.rel:1:19: error: expected the lowest price, found 'x'"),
                // parser: '..' missing
                Arguments.of("category tv price 1 - 2\n",
                        "t.rel:1:21: error: expected '..' between the lowest and the highest price, found '-'"),
                // parser: ':' after the segment name missing
                Arguments.of("segment a attribute x present\n",
                        "t.rel:1:11: error: expected ':' after the segment name, found 'attribute'"),
                // parser: 'than' missing
                Arguments.of("segment a: attribute x older 3y\n",
                        "t.rel:1:30: error: expected 'than', found '3y'"),
                // parser: a duration missing
                Arguments.of("segment a: attribute x older than x\n",
                        "t.rel:1:35: error: expected an age such as 3y, found 'x'"),
                // parser: 'for' missing
                Arguments.of("segment a: consent email to marketing\n",
                        "t.rel:1:26: error: expected 'for', found 'to'"),
                // parser: 'of' missing
                Arguments.of("segment a: all (attribute x present)\n",
                        "t.rel:1:16: error: expected 'of', found '('"),
                // parser: '(' missing
                Arguments.of("segment a: any of attribute x present\n",
                        "t.rel:1:19: error: expected '(', found 'attribute'"),
                // parser: ')' or ',' missing
                Arguments.of("segment a: all of (attribute x present attribute y present)\n",
                        "t.rel:1:40: error: expected ')' or ',', found 'attribute'"),
                // parser: an unknown price tier
                Arguments.of("category tv price 1 .. 2\nsegment a: price_tier tv is cheap\n",
                        "t.rel:2:29: error: expected a tier: budget, mid or premium, found 'cheap'"),
                // parser: no operator after a price tier
                Arguments.of("category tv price 1 .. 2\nsegment a: price_tier tv\n",
                        "t.rel:2:25: error: expected an operator (==, !=, <, <=, >, >=), 'is' or 'over', found end "
                                + "of file"),
                // parser: no operator after an aggregate over all time
                Arguments.of("segment a: count purchase\n",
                        "t.rel:1:26: error: expected an operator (==, !=, <, <=, >, >=) or 'over', found end of file"),
                // parser: no operator after days_since
                Arguments.of("segment a: days_since purchase\n",
                        "t.rel:1:31: error: expected an operator (==, !=, <, <=, >, >=), found end of file"),
                // parser: an event property missing
                Arguments.of("segment a: count purchase where : == 1 >= 1\n",
                        "t.rel:1:33: error: expected an event property such as line.category, found ':'"),
                // parser: an operator missing in a filter
                Arguments.of("segment a: count purchase where total 1 >= 1\n",
                        "t.rel:1:39: error: expected an operator (==, !=, <, <=, >, >=), found '1'"),
                // parser: a bucket size missing
                Arguments.of("segment a: count purchase over 30d/x >= 1\n",
                        "t.rel:1:36: error: expected a bucket size such as 1d, found 'x'"),
                // parser: an event type missing
                Arguments.of("segment a: count : >= 1\n",
                        "t.rel:1:18: error: expected an event type such as purchase, found ':'"),
                // parser: a misspelt flag
                Arguments.of("segment a: attribute x == ture\n",
                        "t.rel:1:27: error: expected a value (\"text\", a number, true, false or date 2000-01-31), "
                                + "found 'ture'; did you mean 'true'?"),
                // parser: a value missing
                Arguments.of("segment a: attribute x == ,\n",
                        "t.rel:1:27: error: expected a value (\"text\", a number, true, false or date 2000-01-31), "
                                + "found ','"),
                // parser: an invalid date
                Arguments.of("segment a: attribute x == date 2020-02-30\n",
                        "t.rel:1:32: error: invalid date '2020-02-30': use yyyy-mm-dd, such as 2000-01-31"),
                // parser: a date missing after 'date'
                Arguments.of("segment a: attribute x == date x\n",
                        "t.rel:1:32: error: expected a date such as 2000-01-31, found 'x'"),
                // parser: a number missing after an operator
                Arguments.of("segment a: count purchase >= x\n",
                        "t.rel:1:30: error: expected a number, found 'x'"),
                // parser: a number out of range
                Arguments.of("segment a: count purchase >= 1e999\n",
                        "t.rel:1:30: error: number out of range: 1e999"),
                // parser: too many 'not'
                Arguments.of("segment a: not not not not not not not not not not not not not not not not not not not "
                                + "not not not not not not not not not not not not not not not not not not not not "
                                + "not not attribute x present\n",
                        "t.rel:1:168: error: conditions are nested too deeply (at most 40 levels)"),
                // parser: ':' after 'policies' missing
                Arguments.of("policies\n  cap 1 per 1d overall\n",
                        "t.rel:1:9: error: expected ':' after 'policies', found 'cap'"),
                // parser: 'hours' misspelt
                Arguments.of("policies:\n  quiet hour 21:00 - 08:00\n",
                        "t.rel:2:9: error: expected 'hours', found 'hour'; did you mean 'hours'?"),
                // parser: a time missing
                Arguments.of("policies:\n  quiet hours x - 08:00\n",
                        "t.rel:2:15: error: expected a time such as 21:00, found 'x'"),
                // parser: '-' between times missing
                Arguments.of("policies:\n  quiet hours 21:00 08:00\n",
                        "t.rel:2:21: error: expected '-' between the times, found '08:00'"),
                // parser: an unknown time zone with nothing close
                Arguments.of("policies:\n  quiet hours 21:00 - 08:00 in Nowhere/Atall\n",
                        "t.rel:2:32: error: unknown time zone 'Nowhere/Atall'; use a region such as Europe/Oslo"),
                // parser: a time zone cut short
                Arguments.of("policies:\n  quiet hours 21:00 - 08:00 in Europe/:\n",
                        "t.rel:2:39: error: expected the rest of the time zone, found ':'"),
                // parser: a count that is not whole
                Arguments.of("policies:\n  cap 1.5 per 1d overall\n",
                        "t.rel:2:7: error: expected the number of messages (a whole number), found '1.5'"),
                // parser: 'channels' misspelt
                Arguments.of("policies:\n  intimate chanels sms\n",
                        "t.rel:2:12: error: expected 'channels', found 'chanels'; did you mean 'channels'?"),
                // parser: a channel missing in a list
                Arguments.of("policies:\n  intimate channels sms, :\n",
                        "t.rel:2:26: error: expected a channel or 'none', found ':'"),
                // parser: 'when' missing
                Arguments.of("policies:\n  never promote tv if attribute x present\n",
                        "t.rel:2:20: error: expected 'when', found 'if'"),
                // parser: 'better' misspelt
                Arguments.of("policies:\n  no beter offer within 30d after purchase\n",
                        "t.rel:2:6: error: expected 'better', found 'beter'; did you mean 'better'?"),
                // parser: something after a policy
                Arguments.of("policies:\n  cap 1 per 1d overall x\n",
                        "t.rel:2:24: error: expected a new line after the policy, found 'x'"),
                // parser: an unknown policy
                Arguments.of("policies:\n  limit 3 per 7d\n",
                        "t.rel:2:3: error: expected a policy ('quiet hours', 'cap', 'intimate channels', 'never "
                                + "promote', 'no better offer', 'predictions count days'), found 'limit'"),
                // parser: ':' after the program name missing
                Arguments.of("program p\n  on purchase\n  steps:\n    a: end\n",
                        "t.rel:1:10: error: expected ':' after the program name, found 'on'"),
                // parser: a program without steps
                Arguments.of("program p:\n  on purchase\n",
                        "t.rel:1:9: error: program 'p' has no steps: add 'steps:' and labelled steps"),
                // parser: a date attribute missing
                Arguments.of("program p:\n  on anniversary of : at 09:00\n  steps:\n    a: end\n",
                        "t.rel:2:21: error: expected a date attribute such as birthday, found ':'"),
                // parser: 'at' missing
                Arguments.of("program p:\n  on anniversary of birthday 09:00\n  steps:\n    a: end\n",
                        "t.rel:2:30: error: expected 'at', found '09:00'"),
                // parser: a time of day missing
                Arguments.of("program p:\n  on anniversary of birthday at 9\n  steps:\n    a: end\n",
                        "t.rel:2:33: error: expected a time of day such as 09:00, found '9'"),
                // parser: a period without a unit
                Arguments.of("program p:\n  after 180 without purchase\n  steps:\n    a: end\n",
                        "t.rel:2:9: error: expected a period such as 180d, found '180'; add a unit such as 180d (ms, "
                                + "s, m, h, d, w, y)"),
                // parser: 'without' missing
                Arguments.of("program p:\n  after 180d with purchase\n  steps:\n    a: end\n",
                        "t.rel:2:14: error: expected 'without', found 'with'"),
                // parser: 'from' missing
                Arguments.of("program p:\n  every 7d at 2026-03-02T09:00:00Z\n  steps:\n    a: end\n",
                        "t.rel:2:12: error: expected 'from', found 'at'"),
                // parser: a moment missing
                Arguments.of("program p:\n  every 7d from 2026-03-02\n  steps:\n    a: end\n",
                        "t.rel:2:17: error: expected a moment such as 2026-03-02T09:00:00Z, found '2026-03-02'"),
                // parser: an invalid moment
                Arguments.of("program p:\n  every 7d from 2026-02-30T09:00:00Z\n  steps:\n    a: end\n",
                        "t.rel:2:17: error: invalid moment '2026-02-30T09:00:00Z': use yyyy-mm-ddThh:mm:ssZ, such as "
                                + "2026-03-02T09:00:00Z"),
                // parser: 'on' or 'when' missing after 'exit'
                Arguments.of("program p:\n  on purchase\n  exit purchase\n  steps:\n    a: end\n",
                        "t.rel:3:8: error: expected 'on' or 'when', found 'purchase'"),
                // parser: a control share above 50 without a percent
                Arguments.of("program p:\n  on purchase\n  control 60\n  steps:\n    a: end\n",
                        "t.rel:3:3: error: the control share must be 0 to 50% (0 to 0.5), got 60"),
                // parser: a control share missing
                Arguments.of("program p:\n  on purchase\n  control x\n  steps:\n    a: end\n",
                        "t.rel:3:11: error: expected a share such as 10% or 0.1, found 'x'"),
                // parser: a priority that is not whole
                Arguments.of("program p:\n  on purchase\n  priority 1.5\n  steps:\n    a: end\n",
                        "t.rel:3:12: error: expected a priority (a whole number), found '1.5'"),
                // parser: 'when' missing after 'relevant'
                Arguments.of("program p:\n  on purchase\n  relevant if attribute x present\n  steps:\n    a: end\n",
                        "t.rel:3:12: error: expected 'when', found 'if'"),
                // parser: 'within' missing
                Arguments.of("program p:\n  on purchase\n  goal purchase in 7d\n  steps:\n    a: end\n",
                        "t.rel:3:17: error: expected 'within', found 'in'"),
                // parser: a clause that is not a word
                Arguments.of("program p:\n  on purchase\n  : x\n  steps:\n    a: end\n",
                        "t.rel:3:3: error: expected a program clause such as 'on', 'audience' or 'steps:', found ':'"),
                // parser: a step that is not a word
                Arguments.of("program p:\n  on purchase\n  steps:\n    a: 42\n",
                        "t.rel:4:8: error: expected a step such as 'wait 4h' or 'send ...', found '42'"),
                // parser: a wait without a duration
                Arguments.of("program p:\n  on purchase\n  steps:\n    a: wait x\n",
                        "t.rel:4:13: error: expected a duration such as 4h, 'until' or 'for hours', found 'x'"),
                // parser: 'then' misspelt
                Arguments.of("program p:\n  on purchase\n  steps:\n    a: if attribute x present than go to b else "
                                + "go to b\n    b: end\n",
                        "t.rel:4:31: error: expected 'then', found 'than'; did you mean 'then'?"),
                // parser: 'to' missing
                Arguments.of("program p:\n  on purchase\n  steps:\n    a: if attribute x present then go b else go "
                                + "to b\n    b: end\n",
                        "t.rel:4:39: error: expected 'to', found 'b'"),
                // parser: 'else' missing
                Arguments.of("program p:\n  on purchase\n  steps:\n    a: if attribute x present then go to b "
                                + "otherwise go to b\n    b: end\n",
                        "t.rel:4:44: error: expected 'else', found 'otherwise'"),
                // parser: a variant name missing
                Arguments.of("program p:\n  on purchase\n  steps:\n    a: split : 50% -> b, y 50% -> b\n    b: end\n",
                        "t.rel:4:14: error: expected a variant name, found ':'"),
                // parser: a weight missing
                Arguments.of("program p:\n  on purchase\n  steps:\n    a: split x half -> b, y 50% -> b\n    b: end\n",
                        "t.rel:4:16: error: expected a weight such as 50%, found 'half'"),
                // parser: '->' missing
                Arguments.of("program p:\n  on purchase\n  steps:\n    a: split x 50% b, y 50% -> b\n    b: end\n",
                        "t.rel:4:20: error: expected '->' and a step label, found 'b'"),
                // parser: 'by' missing
                Arguments.of("program p:\n  on purchase\n  steps:\n    a: send x via email\n",
                        "t.rel:4:15: error: expected 'by', found 'via'"),
                // parser: a channel missing
                Arguments.of("program p:\n  on purchase\n  steps:\n    a: send x by :\n",
                        "t.rel:4:18: error: expected a channel or 'preferred', found ':'"),
                // parser: an unknown question
                Arguments.of("program p:\n  on purchase\n  steps:\n    a: ask rating with x by email\n",
                        "t.rel:4:12: error: expected review, satisfaction or reconfirm, found 'rating'"),
                // parser: 'with' missing after the question
                Arguments.of("program p:\n  on purchase\n  steps:\n    a: ask review x by email\n",
                        "t.rel:4:19: error: expected 'with', found 'x'"),
                // parser: '=' missing
                Arguments.of("program p:\n  on purchase\n  steps:\n    a: set x 1\n",
                        "t.rel:4:14: error: expected '=', found '1'"),
                // parser: an action name missing
                Arguments.of("program p:\n  on purchase\n  steps:\n    a: call :\n",
                        "t.rel:4:13: error: expected an action name, found ':'"),
                // parser: a step label missing
                Arguments.of("program p:\n  on purchase\n  steps:\n    a: go to :\n",
                        "t.rel:4:14: error: expected a step label, found ':'"),
                // parser: something after a step
                Arguments.of("program p:\n  on purchase\n  steps:\n    a: end now\n",
                        "t.rel:4:12: error: expected a new line after the step, found 'now'"),
                // parser: data given twice
                Arguments.of("program p:\n  on purchase\n  steps:\n    a: send x by email, c = 1, c = 2\n",
                        "t.rel:4:32: error: data 'c' is given twice"),
                // parser: a data name missing
                Arguments.of("program p:\n  on purchase\n  steps:\n    a: send x by email, : = 1\n",
                        "t.rel:4:25: error: expected a data name, found ':'"),
                // parser: '=' missing in data after a channel
                Arguments.of("program p:\n  on purchase\n  steps:\n    a: send x by preferred, email, c 1\n",
                        "t.rel:4:38: error: expected '=', found '1'"),
                // model: an invalid channel
                Arguments.of("program p:\n  on purchase\n  steps:\n    a: send x by \"e mail\"\n",
                        "t.rel:4:18: error: invalid channel 'e mail': use 1..64 lower-case letters, digits, '_' or "
                                + "'-'"),
                // model: an invalid purpose
                Arguments.of("program p:\n  on purchase\n  purpose \"Sales Push\"\n  steps:\n    a: end\n",
                        "t.rel:3:11: error: invalid purpose 'Sales Push': use 1..64 lower-case letters, digits, '_' "
                                + "or '-'"),
                // model: a cap of no messages
                Arguments.of("policies:\n  cap 0 per 1d overall\n",
                        "t.rel:2:3: error: a cap allows at least 1 message, got 0"),
                // model: an empty conversion window
                Arguments.of("program p:\n  on purchase\n  goal purchase within 0d\n  steps:\n    a: end\n",
                        "t.rel:3:3: error: a conversion window must be positive, got 0d"),
                // model: a variant without weight
                Arguments.of("program p:\n  on purchase\n  steps:\n    a: split x 0% -> b, y 50% -> b\n    b: end\n",
                        "t.rel:4:14: error: variant 'x' needs a positive weight, got 0"),
                // model: a variant named twice
                Arguments.of("program p:\n  on purchase\n  steps:\n    a: split x 50% -> b, x 50% -> b\n    b: end\n",
                        "t.rel:4:5: error: split 'a' names a variant twice"),
                // model: an empty window
                Arguments.of("segment a: count purchase over 30d/0d >= 1\n",
                        "t.rel:1:27: error: window length and bucket must be positive, got 30d in buckets of 0d"),
                // model: an empty wait
                Arguments.of("program p:\n  on purchase\n  steps:\n    a: wait 0d\n    b: end\n",
                        "t.rel:4:5: error: wait 'a' needs a positive duration, got 0d"),
                // model: empty allowed hours
                Arguments.of("program p:\n  on purchase\n  steps:\n    a: wait for hours 09:00 - 09:00\n    b: end\n",
                        "t.rel:4:5: error: allowed hours of 'a' are empty: 09:00-09:00"),
                // model: a schedule more often than hourly
                Arguments.of("program p:\n  every 30m from 2026-03-02T09:00:00Z\n  steps:\n    a: end\n",
                        "t.rel:2:3: error: schedules repeat at most hourly, got 30m"),
                // model: an invalid step label
                Arguments.of("program p:\n  on purchase\n  steps:\n    \"A B\": end\n",
                        "t.rel:4:5: error: invalid step label 'A B': use a letter followed by up to 63 letters, "
                                + "digits, '_' or '-'"),
                // model: an invalid template id
                Arguments.of("program p:\n  on purchase\n  steps:\n    a: send \"Cart Reminder\" by email\n",
                        "t.rel:4:5: error: invalid template id 'Cart Reminder': use a letter followed by up to 127 "
                                + "letters, digits, '_', '-', '.' or '/'"),
                // model: once per no period
                Arguments.of("program p:\n  on purchase\n  reentry once per 0d\n  steps:\n    a: end\n",
                        "t.rel:3:3: error: once per needs a positive period"),
                // checker: a price tier of a category without a range, with a hint
                Arguments.of("category tv price 1 .. 2\nsegment a: price_tier tvs is budget\n",
                        "t.rel:2:23: error: category 'tvs' has no price range for its price tiers; add a line such "
                                + "as 'category tvs price 100 .. 1000'; did you mean 'tv'?"));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void reportsExactly(String input, String expected) {
        assertEquals(expected, Relang.parse("t.rel", input).report());
    }
}
