package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.vigil.schemas.Alert;
import dev.vigil.schemas.Detection;
import dev.vigil.schemas.NormalizedBox;
import dev.vigil.schemas.serde.ConfluentAvroSerializer;
import dev.vigil.stack.embedded.EmbeddedKafkaExtension;
import dev.vigil.stack.embedded.EmbeddedRegistryExtension;
import dev.vigil.topics.TopicCatalogue;
import java.awt.Rectangle;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.Function;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * {@code vigil ui} on the real broker and registry, looked at in Debian's headless Chromium: frames
 * from {@code vigil produce}, and the detections and alerts about them written as the job writes
 * them (no job here). Skipped where Chromium or its driver is not installed.
 */
class UiCommandITCase {
    @RegisterExtension static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    @RegisterExtension
    static final EmbeddedRegistryExtension REGISTRY = new EmbeddedRegistryExtension();

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final String PREFIX = "ui-it.";
    private static final int WIDTH = 480;
    private static final int HEIGHT = 360;
    private static final int FRAMES = 12;

    /**
     * The alerted frame is older than the frames per source the page is told to keep: it shows the
     * alert's picture only if it reads the alerts before it catches up on the frames.
     */
    private static final int KEPT_FRAMES = 2;

    private static final long ALERTED = FRAMES - 4;
    private static final List<String> CAMERAS = List.of("yard/cam-1", "yard/cam-2");

    private static KafkaEndpoint endpoint;

    @BeforeAll
    static void framesDetectionsAndAlerts() {
        endpoint = new KafkaEndpoint(KAFKA.bootstrapServers(), REGISTRY.url(), PREFIX);
        CliRun.succeed(
                "topics",
                "apply",
                "--bootstrap-servers=" + KAFKA.bootstrapServers(),
                "--prefix=" + PREFIX);
        CliRun.succeed(
                "produce",
                "--bootstrap-servers=" + KAFKA.bootstrapServers(),
                "--registry-url=" + REGISTRY.url(),
                "--prefix=" + PREFIX,
                "--cameras=" + CAMERAS.size(),
                "--size=" + WIDTH + "x" + HEIGHT,
                "--fps=20",
                "--frames=" + FRAMES * CAMERAS.size());
        // What the text detector finds in each synthetic frame, its sign and its plate, and an
        // alert on a plate of each camera.
        List<Detection> detections = new ArrayList<>();
        List<Alert> alerts = new ArrayList<>();
        for (String camera : CAMERAS) {
            SyntheticCamera scene = new SyntheticCamera(camera, WIDTH, HEIGHT);
            for (long i = 0; i < FRAMES; i++) {
                List<Rectangle> text = scene.render(i).textBoxes();
                detections.add(UiRecords.detection(camera, i, box(text.get(0)), box(text.get(1))));
            }
            Rectangle plate = scene.render(ALERTED).textBoxes().get(1);
            Alert alert =
                    UiRecords.alert(
                            "alert-" + camera.replace('/', '-'),
                            camera,
                            "object-persists",
                            ALERTED,
                            box(plate));
            alert.setEmittedTime(Instant.now());
            alerts.add(alert);
        }
        send(
                TopicCatalogue.DETECTIONS,
                Detection.class,
                detections,
                d -> d.getSourceId().toString());
        send(TopicCatalogue.ALERTS, Alert.class, alerts, a -> a.getAlertId().toString());
    }

    @Test
    void showsEachAlertWithItsPictureAndFiltersBySource() throws Exception {
        assumeTrue(
                Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "Debian's chromium and chromium-driver are not installed");
        UiSettings settings =
                new UiSettings(
                        0,
                        UiSettings.DEFAULT_KEPT_ALERTS,
                        KEPT_FRAMES,
                        UiSettings.DEFAULT_KEPT_SOURCES,
                        UiSettings.DEFAULT_PAGE_QUEUE);
        try (UiSession ui = UiSession.start(endpoint, settings, true)) {
            WebDriver browser = chromium();
            try {
                browser.get(ui.uri().toString());
                String cam1 = "article.alert[data-alert-id='alert-yard-cam-1']";
                await(
                        browser,
                        page ->
                                page.findElements(By.cssSelector(cam1 + "[data-loaded='true']"))
                                                        .size()
                                                + page.findElements(
                                                                By.cssSelector(
                                                                        ".source[data-loaded='true']"))
                                                        .size()
                                        >= 1 + CAMERAS.size());

                WebElement card = browser.findElement(By.cssSelector(cam1));
                assertThat(card.getText())
                        .contains("yard/cam-1")
                        .contains("object-persists")
                        .contains("text")
                        .contains("frames\n" + (ALERTED - 2) + ".." + ALERTED);
                WebElement picture = card.findElement(By.tagName("img"));
                assertThat(
                                (Boolean)
                                        ((JavascriptExecutor) browser)
                                                .executeScript(
                                                        "return arguments[0].complete &&"
                                                                + " arguments[0].naturalWidth === "
                                                                + WIDTH,
                                                        picture))
                        .as("the alert's picture loaded, the frame's size")
                        .isTrue();
                assertThat(browser.findElement(By.id("status")).getText()).isEqualTo("live");
                assertThat(browser.findElement(By.id("sources")).getText())
                        .contains("yard/cam-2")
                        .contains("frames/s\n20.0")
                        .contains("last alert\nobject-persists · text");
                screenshot(browser, "live-alerts.png");

                browser.findElement(
                                By.cssSelector("select[name=source] option[value='yard/cam-2']"))
                        .click();
                await(browser, page -> !page.findElement(By.cssSelector(cam1)).isDisplayed());
                assertThat(
                                browser.findElement(
                                                By.cssSelector(
                                                        "article.alert[data-source='yard/cam-2']"))
                                        .isDisplayed())
                        .isTrue();
                assertThat(browser.findElement(By.id("count")).getText())
                        .isEqualTo("(1 shown of 2)");
                assertThat(browser.getCurrentUrl()).endsWith("/?source=yard%2Fcam-2");
            } finally {
                browser.quit();
            }
        }
    }

    @Test
    void saysWhichRegistryOrBrokerItCannotReach() {
        assertThat(
                        CliRun.fail(
                                "ui",
                                "--registry-url=http://127.0.0.1:1/apis/ccompat/v7",
                                "--port=0"))
                .contains("Cannot reach the schema registry at http://127.0.0.1:1/apis/ccompat/v7");
        assertThat(
                        CliRun.fail(
                                "ui",
                                "--bootstrap-servers=127.0.0.1:1",
                                "--registry-url=" + REGISTRY.url(),
                                "--port=0"))
                .contains("Cannot reach Kafka at 127.0.0.1:1");
    }

    /** Polls {@code condition} on the page for at most 30 s; the page's DOM if it never holds. */
    private static void await(WebDriver browser, Predicate<WebDriver> condition)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.test(browser)) {
            assertThat(System.nanoTime() - deadline)
                    .as("the page, still not as expected:%n%s", browser.getPageSource())
                    .isNegative();
            Thread.sleep(100);
        }
    }

    private static WebDriver chromium() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--window-size=1400,1000");
        ChromeDriverService service =
                new ChromeDriverService.Builder()
                        .usingDriverExecutable(CHROMEDRIVER.toFile())
                        .build();
        return new ChromeDriver(service, options);
    }

    private static void screenshot(WebDriver browser, String name) throws Exception {
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Path target = Files.createDirectories(Path.of("target", "ui"));
        Files.copy(shot.toPath(), target.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }

    private static NormalizedBox box(Rectangle r) {
        return UiRecords.box(r, WIDTH, HEIGHT);
    }

    /** Writes {@code records} to {@code topic} without a transaction, as the job writes alerts. */
    private static <T extends SpecificRecord> void send(
            String topic, Class<T> type, List<T> records, Function<T, String> key) {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
        try (KafkaProducer<String, T> producer =
                new KafkaProducer<>(
                        config,
                        new StringSerializer(),
                        new ConfluentAvroSerializer<>(type, endpoint.serde()))) {
            records.forEach(
                    r -> producer.send(new ProducerRecord<>(PREFIX + topic, key.apply(r), r)));
        }
    }
}
