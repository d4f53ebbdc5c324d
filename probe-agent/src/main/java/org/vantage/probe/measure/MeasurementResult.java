package org.vantage.probe.measure;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.vantage.schema.Measurement;
import org.vantage.schema.Outcome;
import org.vantage.schema.PhaseTimings;

/**
 * What the engine observed for one target: everything in a {@code Measurement} except who the
 * probe is. Timings are null for phases that did not run.
 */
public record MeasurementResult(
        String measurementId,
        MeasurementTarget target,
        Instant eventTime,
        Outcome outcome,
        String outcomeDetail,
        String resolver,
        List<String> dnsAnswers,
        Integer httpStatus,
        Integer dnsMs,
        Integer connectMs,
        Integer tlsMs,
        Integer firstByteMs,
        Integer totalMs,
        Long bytesReceived,
        Double throughputBps) {

    public MeasurementResult {
        Objects.requireNonNull(measurementId, "measurementId");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(eventTime, "eventTime");
        Objects.requireNonNull(outcome, "outcome");
        dnsAnswers = List.copyOf(dnsAnswers);
    }

    /**
     * The Avro record for publishing.
     *
     * @param clockOffsetMs probe clock minus reference clock when known, else null
     */
    public Measurement toMeasurement(ProbeIdentity probe, Long clockOffsetMs) {
        return Measurement.newBuilder()
                .setMeasurementId(measurementId)
                .setProbeId(probe.probeId())
                .setCountry(probe.country())
                .setAsn(probe.asn())
                .setRegion(probe.region())
                .setCity(probe.city())
                .setNetworkType(probe.networkType())
                .setPlatform(target.platform())
                .setTargetHost(target.host())
                .setTargetUrl(target.url().toString())
                .setEventTime(eventTime)
                .setOutcome(outcome)
                .setOutcomeDetail(outcomeDetail)
                .setResolver(resolver)
                .setDnsAnswers(dnsAnswers)
                .setHttpStatus(httpStatus)
                .setTimings(PhaseTimings.newBuilder()
                        .setDnsMs(dnsMs)
                        .setConnectMs(connectMs)
                        .setTlsMs(tlsMs)
                        .setFirstByteMs(firstByteMs)
                        .setTotalMs(totalMs)
                        .build())
                .setBytesReceived(bytesReceived)
                .setThroughputBps(throughputBps)
                .setClockOffsetMs(clockOffsetMs)
                .setProbeVersion(probe.probeVersion())
                .setSimulated(false)
                .build();
    }
}
