package io.relevans.console;

import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Takes the screenshots in {@code console/docs/} of a running console, such as the Nordhus demo; skipped unless
 * {@code -Dconsole.screenshots.url} names it. Run the demo (console/README.md), then, from the repository root:
 *
 * <pre>
 * mvn -B -q -pl console -am verify -Dtest=ConsoleScreenshotsTest -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dconsole.screenshots.url=http://127.0.0.1:8080/ -Dconsole.screenshots.loyalty=7000003 \
 *     -Dconsole.screenshots.dir=$PWD/console/docs
 * </pre>
 *
 * Signs in as {@code staff} and {@code marketer} with {@code -Dconsole.screenshots.password} (the demo's
 * {@code nordhus} by default).
 */
class ConsoleScreenshotsTest {

    @Test
    void mainPages() {
        String url = System.getProperty("console.screenshots.url", "");
        Assumptions.assumeFalse(url.isBlank(), "no -Dconsole.screenshots.url: no screenshots taken");
        String base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        String password = System.getProperty("console.screenshots.password", "nordhus");
        Path dir = Path.of(System.getProperty("console.screenshots.dir", "target/screenshots"));
        String loyalty = System.getProperty("console.screenshots.loyalty", "7000003");
        try (Browser b = Browser.open()) {
            signIn(b, base, "staff", password);
            b.go(base + "/customers");
            b.type("#search-value", loyalty);
            b.submit("#search-submit");
            b.find("#offers li.offer summary").click();
            b.find("#segments li[data-member='true'] summary").click();
            b.screenshot(dir.resolve("customer.png"));
            b.submit("header form button");
        }
        try (Browser b = Browser.open()) {
            signIn(b, base, "marketer", password);
            b.go(base + "/programs");
            b.find("section.program");
            b.screenshot(dir.resolve("programs.png"));
            b.go(base + "/programs/abandoned_cart");
            b.find("#program-text");
            b.screenshot(dir.resolve("program.png"));
            b.go(base + "/segments");
            b.find("#sizes");
            b.screenshot(dir.resolve("segments.png"));
            b.go(base + "/definitions");
            String text = (String) b.script("return document.getElementById('definitions-text').value");
            b.driver().executeScript("document.getElementById('definitions-text').value = arguments[0]",
                    text.replace("cap 3 per 7d overall", "cap 2 per 7d overall"));
            b.find("input[name='backtest']").click();
            b.submit("#check-submit");
            b.find("#diagnostics");
            b.screenshot(dir.resolve("definitions.png"));
        }
    }

    private static void signIn(Browser b, String base, String user, String password) {
        b.go(base + "/login");
        b.type("#login-name", user);
        b.type("#login-password", password);
        b.submit("#login-submit");
    }
}
