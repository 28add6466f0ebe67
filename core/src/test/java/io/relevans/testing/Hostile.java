package io.relevans.testing;

import java.util.List;

/**
 * Texts that would run, break out of a literal, forge markup or headers, or upset a parser if any
 * layer interpreted data instead of carrying it: Java, DRL and MVEL syntax, template and expression
 * placeholders, HTML and script, SQL, header injection, bidirectional and invisible Unicode, NUL,
 * lone surrogates, and a text at the 10,000-character limit of a value. Each is a valid text value.
 */
public final class Hostile {

    /** A text of exactly 10,000 characters, the longest text value, made of the other hostile pieces. */
    public static final String LONGEST = longest();

    /** The hostile texts, all distinct. */
    public static final List<String> TEXTS = List.of(
            "\"); System.exit(1); //",
            "${java.lang.System.exit(1)}",
            "#{T(java.lang.Runtime).getRuntime().exec('rm -rf /')}",
            "@{x} @if{true}boom@end{} @code{System.exit(1)}",
            "{{first_name}} {{#lines}}{{sku}}{{/lines}} {{/lines}} {{",
            "<script>alert('x')</script>",
            "\"><img src=x onerror=\"alert(1)\"><a href='javascript:alert(1)'>click</a>",
            "&amp; &lt;b&gt; &#60;i&#62; &nbsp;",
            "\nend\nrule \"evil\"\nwhen\n    eval(true)\nthen\n    System.exit(1);\nend\n",
            "*/ import java.io.File; /*",
            "'); DROP TABLE relevans_customer; --",
            "Åse\r\nBcc: victim@example.org\r\nX-Injected: yes",
            "\u202Eevil\u202C \u200F\u061C RTL \u200B\uFEFF zero width",
            "Ærøskøbing ✓ 日本語 🎉 ẞ Ωμέγα",
            "nul\u0000byte\u0001\u001f\u007f",
            "lone \uD800 high and \uDFFF low surrogate",
            "\\\"; \\u0022); \\",
            LONGEST);

    private Hostile() {
    }

    private static String longest() {
        String unit = "\"); System.exit(1); // ${x} #{x} {{x}} <script>alert(1)</script> \u202E ";
        StringBuilder sb = new StringBuilder(10_000);
        while (sb.length() < 10_000) {
            sb.append(unit);
        }
        sb.setLength(9_999);
        return sb.append('!').toString();
    }
}
