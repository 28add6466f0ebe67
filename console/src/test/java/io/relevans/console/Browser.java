package io.relevans.console;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Real headless Chromium for the console's end-to-end tests: Debian's {@code chromium} driven by its
 * {@code chromedriver} through Selenium, nothing downloaded. Where the two are missing the tests are skipped,
 * saying so, unless {@code RELEVANS_REQUIRE_BROWSER=true} (CI), where they fail. Other locations:
 * {@code RELEVANS_CHROMIUM} and {@code RELEVANS_CHROMEDRIVER}.
 */
final class Browser implements AutoCloseable {

    private final ChromeDriver driver;
    private final Path profile;

    private Browser(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    /** A fresh browser with its own profile; skips or fails the test when there is none here. */
    static Browser open() {
        String chromium = env("RELEVANS_CHROMIUM", "/usr/bin/chromium");
        String chromedriver = env("RELEVANS_CHROMEDRIVER", "/usr/bin/chromedriver");
        boolean present = Files.isExecutable(Path.of(chromium)) && Files.isExecutable(Path.of(chromedriver));
        if (!present) {
            String why = "no headless Chromium here (" + chromium + " and " + chromedriver + "; Debian: apt-get install "
                    + "chromium chromium-driver): the browser tests are skipped";
            if (Boolean.parseBoolean(System.getenv("RELEVANS_REQUIRE_BROWSER"))) {
                throw new IllegalStateException(why.replace("are skipped", "must run here (RELEVANS_REQUIRE_BROWSER)"));
            }
            System.getLogger(Browser.class.getName()).log(System.Logger.Level.WARNING, why);
            Assumptions.abort(why);
        }
        try {
            Path profile = Files.createTempDirectory("relevans-chromium-");
            ChromeOptions options = new ChromeOptions();
            options.setBinary(chromium);
            options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--disable-dev-shm-usage", "--window-size=1360,900", "--user-data-dir=" + profile);
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(new File(chromedriver)).usingAnyFreePort().build();
            ChromeDriver driver = new ChromeDriver(service, options);
            driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
            return new Browser(driver, profile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String env(String name, String otherwise) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? otherwise : v;
    }

    ChromeDriver driver() {
        return driver;
    }

    void go(String url) {
        driver.get(url);
    }

    WebElement find(String css) {
        return new WebDriverWait(driver, Duration.ofSeconds(10))
                .until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(css)));
    }

    boolean has(String css) {
        return !driver.findElements(By.cssSelector(css)).isEmpty();
    }

    void type(String css, String text) {
        WebElement e = find(css);
        e.clear();
        e.sendKeys(text);
    }

    /** Clicks and waits for the next page to load. */
    void submit(String css) {
        WebElement old = driver.findElement(By.tagName("html"));
        find(css).click();
        new WebDriverWait(driver, Duration.ofSeconds(20)).until(ExpectedConditions.stalenessOf(old));
    }

    /**
     * Follows a link and waits until the page it leads to has replaced this one: a find right after a bare click
     * may otherwise come to the page still leaving, whose nodes go while they are used.
     */
    void follow(String css) {
        submit(css);
    }

    Object script(String js) {
        return ((JavascriptExecutor) driver).executeScript(js);
    }

    /** A PNG of the whole page, written to the file. */
    void screenshot(Path file) {
        Dimension before = driver.manage().window().getSize();
        script("window.scrollTo(0, 0)");
        long height = ((Number) script("return Math.min(4000, document.documentElement.scrollHeight)")).longValue();
        driver.manage().window().setSize(new Dimension(before.getWidth(), (int) Math.max(before.getHeight(), height + 90)));
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            driver.manage().window().setSize(before);
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                // a leftover profile in the temporary folder does no harm
            }
        }
    }
}
