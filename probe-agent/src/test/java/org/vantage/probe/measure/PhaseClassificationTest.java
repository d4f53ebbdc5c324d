package org.vantage.probe.measure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.EOFException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.security.cert.CertificateException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;
import org.vantage.schema.Outcome;

/**
 * Exception-to-outcome mapping for failures that loopback cannot reproduce (no route, network
 * unreachable) and for the exception shapes the JDK uses.
 */
class PhaseClassificationTest {
    private static final InetAddress ADDRESS = InetAddress.getLoopbackAddress();

    @Test
    void tcpConnectFailures() {
        assertThat(TcpPhase.classify(new NoRouteToHostException("No route to host"), ADDRESS, 443)
                        .outcome())
                .isEqualTo(Outcome.TCP_UNREACHABLE);
        assertThat(TcpPhase.classify(new ConnectException("Network is unreachable"), ADDRESS, 443)
                        .outcome())
                .isEqualTo(Outcome.TCP_UNREACHABLE);
        assertThat(TcpPhase.classify(new ConnectException("Connection refused"), ADDRESS, 443)
                        .outcome())
                .isEqualTo(Outcome.TCP_REFUSED);
        assertThat(TcpPhase.classify(new SocketTimeoutException("Connect timed out"), ADDRESS, 443)
                        .outcome())
                .isEqualTo(Outcome.TCP_TIMEOUT);
        assertThat(TcpPhase.classify(new SocketException("Connection reset"), ADDRESS, 443)
                        .outcome())
                .isEqualTo(Outcome.TCP_RESET);
        assertThat(TcpPhase.classify(new ConnectException("Connection refused"), ADDRESS, 443)
                        .detail())
                .contains("127.0.0.1:443");
    }

    @Test
    void tlsHandshakeFailures() {
        SSLHandshakeException certificate =
                new SSLHandshakeException("No subject alternative DNS name matching x.com found.");
        certificate.initCause(new CertificateException("No subject alternative DNS name matching x.com found."));
        assertThat(TlsPhase.classify(certificate, "x.com").outcome()).isEqualTo(Outcome.TLS_CERT_INVALID);

        SSLHandshakeException eof = new SSLHandshakeException("Remote host terminated the handshake");
        eof.initCause(new EOFException("SSL peer shut down incorrectly"));
        assertThat(TlsPhase.classify(eof, "x.com").outcome()).isEqualTo(Outcome.TLS_RESET);
        assertThat(TlsPhase.classify(new SocketException("Connection reset"), "x.com")
                        .outcome())
                .isEqualTo(Outcome.TLS_RESET);

        assertThat(TlsPhase.classify(new SocketTimeoutException("Read timed out"), "x.com")
                        .outcome())
                .isEqualTo(Outcome.TLS_TIMEOUT);
        assertThat(TlsPhase.classify(new SSLHandshakeException("Received fatal alert: handshake_failure"), "x.com")
                        .outcome())
                .isEqualTo(Outcome.TLS_HANDSHAKE_FAILURE);
    }

    @Test
    void httpResetDetection() {
        assertThat(HttpPhase.isReset(new SocketException("Connection reset"))).isTrue();
        assertThat(HttpPhase.isReset(new SocketException("Broken pipe (Write failed)")))
                .isTrue();
        assertThat(HttpPhase.isReset(new SocketException("Socket closed"))).isFalse();
    }
}
