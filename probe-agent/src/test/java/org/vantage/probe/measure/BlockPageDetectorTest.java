package org.vantage.probe.measure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class BlockPageDetectorTest {
    private final BlockPageDetector detector = new BlockPageDetector(List.of(
            BlockPageFingerprint.of("pta", "body", "blocked by PTA"),
            BlockPageFingerprint.of("restricted-title", "title", "site.*restricted"),
            BlockPageFingerprint.of("redirect-to-notice", "headers", "^location: https?://blocked\\.example\\b")));

    @Test
    void matchesBodyCaseInsensitively() {
        assertThat(detector.match("HTTP/1.1 200 OK\r\n", "<p>This site is BLOCKED BY pta</p>"))
                .map(BlockPageFingerprint::name)
                .contains("pta");
    }

    @Test
    void titleFingerprintLooksOnlyAtTheTitle() {
        assertThat(detector.match("", "<html><TITLE>\n Site\n Restricted </TITLE></html>"))
                .map(BlockPageFingerprint::name)
                .contains("restricted-title");
        assertThat(detector.match("", "<html><title>News</title>This site is restricted to members</html>"))
                .isEmpty();
    }

    @Test
    void headerFingerprintMatchesTheHead() {
        BlockPageDetector headers = new BlockPageDetector(
                List.of(BlockPageFingerprint.of("redirect", "headers", "location: https?://blocked\\.example")));
        assertThat(headers.match("HTTP/1.1 302 Found\r\nLocation: http://blocked.example/notice\r\n", ""))
                .isPresent();
        assertThat(headers.match("HTTP/1.1 302 Found\r\nLocation: https://x.com/home\r\n", "blocked.example"))
                .isEmpty();
    }

    @Test
    void ordinaryPageDoesNotMatch() {
        assertThat(detector.match("HTTP/1.1 200 OK\r\n", "<html><title>Home</title>welcome</html>"))
                .isEmpty();
    }

    @Test
    void defaultFingerprintsDoNotMatchARegulatorsOwnPage() {
        BlockPageDetector defaults =
                new BlockPageDetector(TargetListLoader.loadDefault().blockPageFingerprints());
        String regulatorPage = "<html><title>Pakistan Telecommunication Authority</title>"
                + "<body>PTA is the regulator of telecommunications. Complaints about websites can be lodged here.</body></html>";
        assertThat(defaults.match("HTTP/1.1 200 OK\r\n", regulatorPage)).isEmpty();
        assertThat(defaults.match(
                        "HTTP/1.1 200 OK\r\n", "<body>This website has been blocked as per directions of PTA</body>"))
                .isPresent();
        assertThat(defaults.match("HTTP/1.1 200 OK\r\n", "<title>Site Blocked</title>"))
                .isPresent();
    }

    @Test
    void invalidFingerprintsAreRejectedByName() {
        assertThatThrownBy(() -> BlockPageFingerprint.of("broken", "body", "(unclosed"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("broken");
        assertThatThrownBy(() -> BlockPageFingerprint.of("where", "footer", "x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("scope");
    }
}
