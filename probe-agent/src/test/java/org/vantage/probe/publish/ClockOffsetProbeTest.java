package org.vantage.probe.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ClockOffsetProbeTest {

    /** A minimal HTTP/1.1 server (the JDK's HttpServer always writes its own Date header). */
    private ServerSocket server;

    private volatile String dateHeader;

    @BeforeEach
    void startServer() throws Exception {
        server = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
        Thread t = new Thread(
                () -> {
                    while (!server.isClosed()) {
                        try (Socket s = server.accept()) {
                            BufferedReader in = new BufferedReader(
                                    new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
                            String line;
                            while ((line = in.readLine()) != null && !line.isEmpty()) {
                                // request line and headers are not needed
                            }
                            String response = "HTTP/1.1 204 No Content\r\n"
                                    + (dateHeader == null ? "" : "Date: " + dateHeader + "\r\n")
                                    + "Connection: close\r\n\r\n";
                            OutputStream out = s.getOutputStream();
                            out.write(response.getBytes(StandardCharsets.US_ASCII));
                            out.flush();
                        } catch (IOException e) {
                            // closed by the test
                        }
                    }
                },
                "date-server");
        t.setDaemon(true);
        t.start();
    }

    @AfterEach
    void stopServer() throws IOException {
        server.close();
    }

    private ClockOffsetProbe probeAt(Instant probeTime) {
        URI url = URI.create("http://127.0.0.1:" + server.getLocalPort() + "/");
        return new ClockOffsetProbe(
                HttpClient.newHttpClient(), url, Clock.fixed(probeTime, ZoneOffset.UTC), Duration.ofSeconds(5));
    }

    @Test
    void probeClockAheadOfTheServerGivesAPositiveOffset() throws Exception {
        dateHeader = "Sat, 20 Jan 2024 14:00:00 GMT";
        // Server's true time is in [14:00:00, 14:00:01); its middle is 14:00:00.500.
        OptionalLong offset = probeAt(Instant.parse("2024-01-20T14:00:05.500Z")).measure();
        assertThat(offset).hasValue(5000);
    }

    @Test
    void probeClockBehindTheServerGivesANegativeOffset() throws Exception {
        dateHeader = "Sat, 20 Jan 2024 14:00:00 GMT";
        OptionalLong offset = probeAt(Instant.parse("2024-01-20T13:58:00.000Z")).measure();
        assertThat(offset).hasValue(-120_500);
    }

    @Test
    void missingOrMalformedDateHeaderGivesNoOffset() throws Exception {
        dateHeader = "yesterday";
        assertThat(probeAt(Instant.now()).measure()).isEmpty();
    }

    @Test
    void offsetUsesTheMiddleOfTheRoundTrip() {
        Instant server = Instant.parse("2024-01-20T14:00:00Z");
        long sent = server.toEpochMilli() + 300;
        long received = sent + 400;
        assertThat(ClockOffsetProbe.offset(sent, received, server)).isEqualTo(300 + 200 - 500);
    }
}
