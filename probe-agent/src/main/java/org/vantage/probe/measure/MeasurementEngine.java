package org.vantage.probe.measure;

import java.net.InetAddress;
import java.net.Socket;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vantage.schema.Outcome;

/**
 * Measures one target layer by layer (DNS, TCP, TLS, HTTP, throughput) with real network I/O,
 * stopping at the first failing layer, whose classification becomes the outcome.
 *
 * <p>Thread-safe: holds only immutable configuration, so one engine serves a whole round of
 * concurrent measurements (see {@link MeasurementRound}). {@link #measure} never throws for a
 * network condition; an unexpected bug yields {@code UNKNOWN_ERROR} with the exception in the
 * detail, so one bad target cannot stop a round.
 */
public final class MeasurementEngine {
    private static final Logger log = LoggerFactory.getLogger(MeasurementEngine.class);

    private final MeasurementSettings settings;
    private final Clock clock;
    private final DnsPhase dns;
    private final TcpPhase tcp;
    private final TlsPhase tls;
    private final HttpPhase http;
    private final ThroughputPhase throughput;

    public MeasurementEngine(MeasurementSettings settings, Clock clock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.dns = new DnsPhase(settings.dnsTimeout());
        this.tcp = new TcpPhase(settings.connectTimeout(), settings.maxAddressesPerTarget());
        this.tls = new TlsPhase(settings.tlsTrust(), settings.tlsTimeout());
        this.http = new HttpPhase(
                settings.httpTimeout(),
                settings.maxBodyBytes(),
                new BlockPageDetector(settings.blockPageFingerprints()),
                settings.statusPolicy(),
                settings.userAgent());
        this.throughput = new ThroughputPhase(
                tcp, tls, settings.throughputTimeout(), settings.statusPolicy(), settings.userAgent());
    }

    public MeasurementSettings settings() {
        return settings;
    }

    /** Measures through the first configured resolver. */
    public MeasurementResult measure(MeasurementTarget target) {
        return measure(target, settings.resolvers().get(0));
    }

    /**
     * Measures {@code target}, resolving its host through {@code resolver} (IP-literal hosts skip
     * DNS). Blocks for at most roughly the sum of the phase timeouts (plus a control-resolver
     * query when one is configured).
     */
    public MeasurementResult measure(MeasurementTarget target, ResolverSpec resolver) {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(resolver, "resolver");
        Recorder r = new Recorder(target, clock.instant().truncatedTo(ChronoUnit.MILLIS));
        Elapsed total = Elapsed.start();
        Socket socket = null;
        try {
            List<InetAddress> addresses;
            String unverifiedAnswer = null; // set when the answer disagrees with the control resolver
            Optional<InetAddress> literal = IpLiterals.parse(target.host());
            if (literal.isPresent()) {
                addresses = List.of(literal.get());
            } else {
                r.resolver = resolver.label();
                Elapsed dnsTime = Elapsed.start();
                try {
                    addresses = dns.resolve(target.host(), resolver);
                } finally {
                    r.dnsMs = dnsTime.millis();
                }
                for (InetAddress a : addresses) {
                    r.dnsAnswers.add(a.getHostAddress());
                }
                checkBogons(addresses);
                unverifiedAnswer = compareWithControl(target, resolver, addresses);
                if (unverifiedAnswer != null && !target.tls()) {
                    throw new PhaseFailure(
                            Outcome.DNS_MISMATCH, unverifiedAnswer + " (plain HTTP: cannot verify the answer)");
                }
            }
            try {
                Elapsed connectTime = Elapsed.start();
                try {
                    socket = tcp.connect(addresses, target.port());
                } finally {
                    r.connectMs = connectTime.millis();
                }
                if (target.tls()) {
                    Elapsed tlsTime = Elapsed.start();
                    try {
                        socket = tls.handshake(socket, target.host());
                    } finally {
                        r.tlsMs = tlsTime.millis();
                    }
                }
            } catch (PhaseFailure f) {
                if (unverifiedAnswer != null) {
                    // DNS was the first layer to fail: the disagreeing answer could not prove itself.
                    throw new PhaseFailure(
                            Outcome.DNS_MISMATCH,
                            unverifiedAnswer + "; the answer did not verify: " + f.outcome() + " " + f.detail(),
                            f);
                }
                throw f;
            }
            HttpPhase.Observation observation = new HttpPhase.Observation();
            try {
                http.fetch(socket, target, observation);
            } finally {
                r.httpStatus = observation.status;
                r.firstByteMs = observation.firstByteMs;
                r.bytesReceived = observation.bodyBytes;
                TcpPhase.closeQuietly(socket);
                socket = null;
            }
            if (target.throughputUrl() != null) {
                OptionalDouble bps = throughput.measure(addresses, target);
                if (bps.isPresent()) {
                    r.throughputBps = bps.getAsDouble();
                    if (r.throughputBps < settings.throughputFloorBps()) {
                        throw new PhaseFailure(
                                Outcome.THROTTLED,
                                String.format(
                                        java.util.Locale.ROOT,
                                        "%.0f B/s below the floor of %.0f B/s",
                                        r.throughputBps,
                                        settings.throughputFloorBps()));
                    }
                }
            }
            r.outcome = Outcome.OK;
        } catch (PhaseFailure f) {
            r.outcome = f.outcome();
            r.detail = f.detail();
        } catch (RuntimeException e) {
            log.warn("unexpected error measuring {} ({})", target.host(), target.platform(), e);
            r.outcome = Outcome.UNKNOWN_ERROR;
            r.detail = "internal error: " + e;
        } finally {
            TcpPhase.closeQuietly(socket);
            r.totalMs = total.millis();
        }
        MeasurementResult result = r.build();
        log.debug(
                "measured {} {} via {}: {} {} ({} ms)",
                target.platform(),
                target.url(),
                r.resolver,
                result.outcome(),
                result.outcomeDetail() == null ? "" : result.outcomeDetail(),
                result.totalMs());
        return result;
    }

    private void checkBogons(List<InetAddress> addresses) throws PhaseFailure {
        for (InetAddress address : addresses) {
            Optional<CidrRange> range = settings.bogonFilter().bogonRangeOf(address);
            if (range.isPresent()) {
                throw new PhaseFailure(
                        Outcome.DNS_BOGON, "answer " + address.getHostAddress() + " is in bogon range " + range.get());
            }
        }
    }

    /** @return a description of the disagreement, or null when consistent or not comparable */
    private String compareWithControl(MeasurementTarget target, ResolverSpec resolver, List<InetAddress> answers) {
        Optional<ResolverSpec> control = settings.controlResolver();
        if (control.isEmpty() || control.get().equals(resolver)) {
            return null;
        }
        List<InetAddress> controlAnswers;
        try {
            controlAnswers = dns.resolve(target.host(), control.get());
        } catch (PhaseFailure f) {
            // The control cannot vouch either way; the probe's own answer stands.
            log.debug("control resolver {} gave no answer for {}: {}", control.get(), target.host(), f.detail());
            return null;
        }
        if (!DnsConsistency.inconsistent(answers, controlAnswers)) {
            return null;
        }
        return "answers " + hostAddresses(answers) + " from " + resolver.label() + " share no address or prefix with "
                + hostAddresses(controlAnswers) + " from control "
                + control.get().label();
    }

    private static List<String> hostAddresses(List<InetAddress> addresses) {
        return addresses.stream().map(InetAddress::getHostAddress).toList();
    }

    /** Mutable accumulator for one measurement. */
    private static final class Recorder {
        final String measurementId = UUID.randomUUID().toString(); // chosen when the test starts
        final MeasurementTarget target;
        final Instant eventTime;
        final List<String> dnsAnswers = new ArrayList<>();
        Outcome outcome = Outcome.UNKNOWN_ERROR;
        String detail;
        String resolver;
        Integer httpStatus;
        Integer dnsMs;
        Integer connectMs;
        Integer tlsMs;
        Integer firstByteMs;
        Integer totalMs;
        Long bytesReceived;
        Double throughputBps;

        Recorder(MeasurementTarget target, Instant eventTime) {
            this.target = target;
            this.eventTime = eventTime;
        }

        MeasurementResult build() {
            return new MeasurementResult(
                    measurementId,
                    target,
                    eventTime,
                    outcome,
                    detail,
                    resolver,
                    dnsAnswers,
                    httpStatus,
                    dnsMs,
                    connectMs,
                    tlsMs,
                    firstByteMs,
                    totalMs,
                    bytesReceived,
                    throughputBps);
        }
    }
}
