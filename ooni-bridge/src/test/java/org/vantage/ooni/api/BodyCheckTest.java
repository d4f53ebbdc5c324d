package org.vantage.ooni.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class BodyCheckTest {

    private static RawBody check(String s) {
        return BodyCheck.check(s.getBytes(StandardCharsets.UTF_8), false, 1 << 20);
    }

    private static FetchSkip reason(RawBody b) {
        assertThat(b).isInstanceOf(RawBody.Skipped.class);
        return ((RawBody.Skipped) b).reason();
    }

    @Test
    void aRealMeasurementIsAccepted() throws Exception {
        byte[] bytes = Files.readAllBytes(
                Path.of("src/test/resources/ooni/real/ooni_backend__fastpath__fastpath__tests__data__whatsapp.json"));
        RawBody b = BodyCheck.check(bytes, false, 1 << 20);
        assertThat(b).isInstanceOf(RawBody.Body.class);
        assertThat(((RawBody.Body) b).json().get("test_name").asText()).isEqualTo("whatsapp");
    }

    @Test
    void oonisAnswerForAnUnknownUidIsAnEmptyBody() {
        assertThat(reason(check("{}"))).isEqualTo(FetchSkip.EMPTY_BODY);
        assertThat(reason(check(""))).isEqualTo(FetchSkip.EMPTY_BODY);
        assertThat(reason(check("  \n"))).isEqualTo(FetchSkip.EMPTY_BODY);
    }

    @Test
    void textThatIsNotJsonIsMalformed() {
        assertThat(reason(check("{\"test_name\": \"whatsapp\", "))).isEqualTo(FetchSkip.MALFORMED_JSON);
        assertThat(reason(check("<html>502 Bad Gateway</html>"))).isEqualTo(FetchSkip.MALFORMED_JSON);
    }

    @Test
    void jsonThatIsNotAMeasurementObjectIsAbsurd() {
        assertThat(reason(check("[1,2,3]"))).isEqualTo(FetchSkip.ABSURD_BODY);
        assertThat(reason(check("\"hello\""))).isEqualTo(FetchSkip.ABSURD_BODY);
        assertThat(reason(check("{\"raw_measurement\": \"\"}"))).isEqualTo(FetchSkip.ABSURD_BODY);
        assertThat(reason(check("{\"test_name\": 42}"))).isEqualTo(FetchSkip.ABSURD_BODY);
    }

    @Test
    void aBodyOverTheBoundIsAbsurdWithoutBeingParsed() {
        assertThat(reason(BodyCheck.check("{\"test_name\":\"x\"}".getBytes(StandardCharsets.UTF_8), true, 10)))
                .isEqualTo(FetchSkip.ABSURD_BODY);
        assertThat(((RawBody.Skipped) BodyCheck.check(new byte[11], false, 10)).detail())
                .contains("larger than 10 bytes");
    }
}
