package dev.scaleout.app.fleet;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;

import dev.scaleout.app.ec2meta.ImdsEmulatorResource;
import dev.scaleout.app.testsupport.DatabaseResource;
import dev.scaleout.app.testsupport.HeadlessChromium;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The two pages watched during a demo, on the IMDS emulator's instance (us-east-1a) with a
 * second instance in ap-northeast-2c in the fleet table: both languages, a projector-size and
 * a phone-size window, zone colours, and request values escaped. Screenshots go to
 * target/demo-pages/ for people to look at.
 */
@QuarkusTest
@QuarkusTestResource(DatabaseResource.class)
// One app for this class and Ec2MetaOnEc2IT (same resources, same arguments).
@WithTestResource(value = ImdsEmulatorResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class DemoPagesBrowserIT {

    static final String SELF = "i-1234567890abcdef0";
    static final String OTHER = "i-0other0zone00002c";
    static final String EC2META = "ec2meta-webpage/index.php";

    /**
     * Appended to a page as served: once laid out, lists every visible element that sticks out
     * of the viewport (ignoring those inside a box that scrolls or clips them), and the colours
     * that tell zones apart. The page runs in an iframe of the window size asked for (headless
     * Chromium lays a top-level page out at least 500 px wide); the results go to the parent.
     */
    static final String MEASURE = """
            <script>addEventListener('load', () => {
              const vw = document.documentElement.clientWidth;
              const inScrollBox = el => { for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
                if (getComputedStyle(p).overflowX !== 'visible') return true; } return false; };
              const out = [];
              for (const el of document.body.querySelectorAll('*')) {
                const r = el.getBoundingClientRect();
                if (r.width === 0 || el.id === 'measure' || inScrollBox(el)) continue;
                if (r.right > vw + 0.5 || r.left < -0.5) out.push(el.tagName + '#' + el.id + '.' + el.className + ' ' + Math.round(r.left) + '..' + Math.round(r.right));
              }
              const m = document.createElement('div'); m.id = 'measure';
              m.dataset.viewport = vw;
              m.dataset.pageWidth = document.documentElement.scrollWidth;
              m.dataset.overflowing = out.join(' | ');
              const band = document.querySelector('.band');
              m.dataset.bandColour = getComputedStyle(band).backgroundColor;
              const scroll = document.querySelector('#live') && document.querySelector('#live').parentElement;
              if (scroll) m.dataset.tableHidden = scroll.scrollWidth - scroll.clientWidth;
              for (const row of document.querySelectorAll('#live tbody tr')) {
                const first = row.cells[0];
                m.dataset['zone_' + first.firstChild.textContent.replace(/[^a-z0-9]/g, '')] = getComputedStyle(first).borderLeftColor;
              }
              parent.document.body.append(m);
            });</script>
            """;

    @TestHTTPResource("/")
    URL root;

    @BeforeEach
    void onEc2WithASecondInstanceInAnotherZone() {
        // The first heartbeat migrates the schema; until then /api/fleet answers 503.
        await().atMost(Duration.ofSeconds(30))
                .ignoreExceptions()
                .until(() -> given().get("/api/fleet")
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath()
                        .getList("live.instanceId")
                        .contains(SELF));
        Instant now = Instant.now();
        FleetRows.put(OTHER, now.minusSeconds(60), now.plusSeconds(60), 7); // availability zone ap-northeast-2c
    }

    @Test
    void bothPagesInBothLanguagesFitAPhoneAndAProjector() throws IOException {
        HeadlessChromium chromium = HeadlessChromium.find();
        Path shots = Files.createDirectories(Path.of("target", "demo-pages"));
        for (String lang : new String[] {"en", "ko"}) {
            for (String page : new String[] {EC2META, ""}) {
                String name = page.isEmpty() ? "fleet" : "ec2meta";
                for (int[] size : new int[][] {{1280, 800}, {390, 844}}) {
                    Element m = measure(chromium, page, lang, size[0], size[1]);
                    String what = name + " " + lang + " " + size[0] + "x" + size[1];
                    // The viewport is the window less a vertical scrollbar, if the page is taller than the window.
                    assertThat(Integer.parseInt(m.attr("data-viewport")))
                            .as(what)
                            .isBetween(size[0] - 20, size[0]);
                    assertThat(m.attr("data-overflowing"))
                            .as(what + ": elements outside the viewport")
                            .isEmpty();
                    assertThat(m.attr("data-page-width"))
                            .as(what + ": no horizontal scrollbar")
                            .isEqualTo(m.attr("data-viewport"));
                    if (page.isEmpty() && size[0] == 1280) {
                        assertThat(m.attr("data-table-hidden"))
                                .as(what + ": the whole fleet table in view")
                                .isEqualTo("0");
                    }
                    chromium.screenshot(
                            root + page + "?lang=" + lang,
                            shots.resolve(name + "-" + lang + "-" + size[0] + "x" + size[1] + ".png"),
                            size[0],
                            size[1]);
                }
            }
        }
    }

    @Test
    void labelsFollowAcceptLanguageAndLangForcesOne() {
        String korean = "ko-KR,ko;q=0.9,en-US;q=0.8,en;q=0.7";
        Document ec2ko = Jsoup.parse(
                given().header("Accept-Language", korean).get("/" + EC2META).asString());
        assertThat(ec2ko.selectFirst("html").attr("lang")).isEqualTo("ko");
        assertThat(ec2ko.getElementById("page-title").text()).isEqualTo("AWS EC2 서버 정보");
        assertThat(ec2ko.select("th").eachText()).contains("인스턴스 ID", "가용 영역", "퍼블릭 호스트 이름", "사용자 에이전트");

        Document ec2en = Jsoup.parse(given().header("Accept-Language", korean)
                .queryParam("lang", "en")
                .get("/" + EC2META)
                .asString());
        assertThat(ec2en.getElementById("page-title").text()).isEqualTo("AWS EC2 server info");
        assertThat(ec2en.select("th").eachText())
                .contains("Instance ID", "Availability zone", "Public hostname", "User agent");

        Document fleetKo = Jsoup.parse(
                given().header("Accept-Language", "fr-FR,ko;q=0.5").get("/").asString());
        assertThat(fleetKo.select("#live th").eachText()).startsWith("인스턴스", "가용 영역");
        assertThat(fleetKo.title()).matches("플릿: 활성 \\d+대");
        Document fleetEn =
                Jsoup.parse(given().header("Accept-Language", "en-GB").get("/").asString());
        assertThat(fleetEn.select("#live th").eachText()).startsWith("Instance", "AZ");
        assertThat(fleetEn.title()).matches("Fleet: \\d+ live");

        // The JSON stays the same in every language.
        assertThat(given().header("Accept-Language", korean)
                        .get("/api/instance")
                        .asString())
                .doesNotContainPattern("\\p{IsHangul}");
        assertThat(given().header("Accept-Language", korean).get("/api/fleet").asString())
                .doesNotContainPattern("\\p{IsHangul}");
    }

    @Test
    void anUnknownLangIsRefusedByNameAndNeverEchoed() {
        for (String path : new String[] {"/" + EC2META, "/"}) {
            given().queryParam("lang", "<script>alert(1)</script>")
                    .get(path)
                    .then()
                    .statusCode(400)
                    .body(containsString("lang: use ko or en"))
                    .body(not(containsString("script")));
        }
    }

    @Test
    void theZoneColourTellsInstancesApartAndIsTheSameOnBothPages() {
        HeadlessChromium chromium = HeadlessChromium.find();
        Element ec2meta = measure(chromium, EC2META, "en", 1280, 800);
        Element fleet = measure(chromium, "", "en", 1280, 800);
        String self = fleet.attr("data-zone_" + SELF.replace("-", ""));
        String other = fleet.attr("data-zone_" + OTHER.replace("-", ""));
        assertThat(self).as("us-east-1a on the fleet page").isNotBlank().isEqualTo(ec2meta.attr("data-band-colour"));
        assertThat(other).as("ap-northeast-2c on the fleet page").isNotBlank().isNotEqualTo(self);

        Document page = Jsoup.parse(given().get("/").asString());
        assertThat(page.select("#live tbody tr.self td:first-child").eachText()).containsExactly(SELF);
    }

    @Test
    void requestValuesAreShownEscaped() {
        String hostile = "<img src=x onerror=alert(1)>\"'&";
        String page = given().header("User-Agent", "Mozilla/5.0 " + hostile)
                .header("X-Forwarded-For", "10.0.0.1, " + hostile)
                .get("/" + EC2META)
                .then()
                .statusCode(200)
                .extract()
                .asString();
        Document dom = Jsoup.parse(page);
        assertThat(dom.getElementById("user-agent").text()).isEqualTo("Mozilla/5.0 " + hostile);
        assertThat(dom.getElementById("client-address").text()).isEqualTo(hostile);
        assertThat(page).doesNotContain("<img").contains("&lt;img src=x onerror=alert(1)&gt;&quot;&#39;&amp;");
        assertThat(dom.select("img")).isEmpty();
    }

    /** Lays the page out as served, in a viewport of the given size, with {@link #MEASURE} appended. */
    private Element measure(HeadlessChromium chromium, String page, String lang, int width, int height) {
        String html = given().queryParam("lang", lang)
                .get("/" + page)
                .then()
                .statusCode(200)
                .extract()
                .asString()
                .replace("</body>", MEASURE + "</body>");
        String frame = "<!DOCTYPE html><html><body style=\"margin:0\"><iframe style=\"border:0;width:" + width
                + "px;height:" + height + "px\" srcdoc=\""
                + html.replace("&", "&amp;").replace("\"", "&quot;") + "\"></iframe></body></html>";
        try {
            // A file: the page needs nothing but itself (no external assets); its API refresh just fails there.
            Path file = Files.createTempFile("demo-page", ".html");
            Files.writeString(file, frame);
            Document dom = Jsoup.parse(chromium.renderedDom(file.toUri().toString(), 1000, width + 40, height + 40));
            Files.delete(file);
            return dom.getElementById("measure");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
