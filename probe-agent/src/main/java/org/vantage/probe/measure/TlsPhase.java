package org.vantage.probe.measure;

import java.io.EOFException;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSocket;
import org.vantage.schema.Outcome;

/**
 * TLS layer: handshakes over the connected socket with SNI = the target host and HTTPS endpoint
 * identification (so a certificate not valid for the host fails the handshake), and classifies:
 * a reset or EOF during the handshake (what SNI filtering looks like from the client: the
 * ClientHello is answered by an RST or a FIN), no ServerHello within the timeout, a certificate
 * not valid for the host or not trusted, and any other handshake failure.
 */
final class TlsPhase {
    private final TlsTrust trust;
    private final Duration handshakeTimeout;

    TlsPhase(TlsTrust trust, Duration handshakeTimeout) {
        this.trust = trust;
        this.handshakeTimeout = handshakeTimeout;
    }

    SSLSocket handshake(Socket connected, String host) throws PhaseFailure {
        SSLSocket tls = null;
        try {
            tls = (SSLSocket)
                    trust.sslContext().getSocketFactory().createSocket(connected, host, connected.getPort(), true);
            SSLParameters parameters = tls.getSSLParameters();
            if (!IpLiterals.isIpLiteral(host)) {
                parameters.setServerNames(List.of(new SNIHostName(host)));
            }
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            tls.setSSLParameters(parameters);
            tls.setSoTimeout(Math.toIntExact(handshakeTimeout.toMillis()));
            tls.startHandshake();
            return tls;
        } catch (IOException | IllegalArgumentException e) {
            TcpPhase.closeQuietly(tls != null ? tls : connected);
            throw classify(e, host);
        }
    }

    /** Maps a failed handshake to its outcome. Pure, so it is unit-tested with synthetic exceptions. */
    static PhaseFailure classify(Exception e, String host) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SocketTimeoutException) {
                return new PhaseFailure(
                        Outcome.TLS_TIMEOUT, "no TLS handshake response for SNI " + host + " within timeout", e);
            }
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof CertificateException
                    || t instanceof CertPathValidatorException
                    || t instanceof CertPathBuilderException
                    || t instanceof SSLPeerUnverifiedException) {
                return new PhaseFailure(
                        Outcome.TLS_CERT_INVALID, "certificate not valid for " + host + ": " + rootMessage(e), e);
            }
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            String message = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
            if (t instanceof EOFException
                    || (t instanceof SocketException && (message.contains("reset") || message.contains("broken pipe")))
                    || message.contains("remote host terminated the handshake")
                    || message.contains("connection reset")) {
                return new PhaseFailure(
                        Outcome.TLS_RESET,
                        "connection reset/closed during TLS handshake with SNI " + host + ": " + rootMessage(e),
                        e);
            }
        }
        return new PhaseFailure(
                Outcome.TLS_HANDSHAKE_FAILURE, "TLS handshake with " + host + " failed: " + rootMessage(e), e);
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message =
                root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
        return message.length() > 200 ? message.substring(0, 200) + "..." : message;
    }
}
