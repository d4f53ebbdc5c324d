package org.vantage.probe.testing;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.vantage.schema.Measurement;
import org.vantage.schema.NetworkType;
import org.vantage.schema.Outcome;
import org.vantage.schema.PhaseTimings;

/** Measurements for tests. */
public final class Measurements {

    private Measurements() {}

    public static Measurement measurement(String probeId, long asn, Instant eventTime) {
        return Measurement.newBuilder()
                .setMeasurementId(UUID.randomUUID().toString())
                .setProbeId(probeId)
                .setCountry("PK")
                .setAsn(asn)
                .setRegion("Punjab")
                .setCity(null)
                .setNetworkType(NetworkType.FIXED)
                .setPlatform("twitter")
                .setTargetHost("x.com")
                .setTargetUrl("https://x.com/")
                .setEventTime(eventTime)
                .setOutcome(Outcome.TLS_RESET)
                .setOutcomeDetail("connection reset after ClientHello")
                .setResolver("system")
                .setDnsAnswers(List.of())
                .setHttpStatus(null)
                .setTimings(PhaseTimings.newBuilder()
                        .setDnsMs(12)
                        .setConnectMs(30)
                        .setTlsMs(31)
                        .setTotalMs(73)
                        .build())
                .setBytesReceived(null)
                .setThroughputBps(null)
                .setClockOffsetMs(-250L)
                .setProbeVersion("test")
                .setSimulated(false)
                .build();
    }
}
