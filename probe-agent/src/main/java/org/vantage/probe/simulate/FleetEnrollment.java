package org.vantage.probe.simulate;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.vantage.probe.publish.PublisherSettings;
import org.vantage.registry.serde.AvroSerializer;
import org.vantage.schema.ProbeEnrollment;
import org.vantage.topics.VantageTopic;
import org.vantage.trust.Enrollments;
import org.vantage.trust.ProbeCredentials;
import org.vantage.trust.ProbeIdentity;

/**
 * The simulator as its own operator: every virtual probe gets credentials and an approved enrollment for its
 * scenario network, written to the enrolled-probes topic, so that a detector run with
 * {@code VANTAGE_PROBE_TRUST=enrolled} believes the simulated fleet exactly as it would a real enrolled one.
 * Needs write access to that topic, which in production only operators have.
 */
public final class FleetEnrollment {
    static final String APPROVER = "fleet-simulator";

    private FleetEnrollment() {}

    /** Fresh credentials and approved enrollments for every probe of the scenario (pure: nothing is written). */
    public static Map<String, ProbeEnrollment> approvals(
            List<SimulatedProbe> probes, Map<String, ProbeCredentials> credentials, Instant now) {
        Map<String, ProbeEnrollment> out = new LinkedHashMap<>();
        for (SimulatedProbe p : probes) {
            ProbeCredentials c = ProbeCredentials.generate(p.probeId());
            credentials.put(p.probeId(), c);
            ProbeEnrollment request = Enrollments.request(c, List.of(p.country() + ":" + p.asn()), null, p.asn(), now);
            byte[] signed = request.toString().getBytes(StandardCharsets.UTF_8);
            out.put(
                    p.probeId(),
                    Enrollments.approve(
                            request,
                            ProbeIdentity.sign(c.identity().getPrivate(), signed),
                            signed,
                            null,
                            List.of(),
                            APPROVER,
                            "simulated probe: its network is the scenario's",
                            Duration.ZERO,
                            now));
        }
        return out;
    }

    /** Enrolls the scenario's probes and returns their credentials, for the publishers to sign with. */
    public static Map<String, ProbeCredentials> enroll(Scenario scenario, PublisherSettings settings) {
        Map<String, ProbeCredentials> credentials = new LinkedHashMap<>();
        Map<String, ProbeEnrollment> approvals = approvals(SimulatedProbe.fleet(scenario), credentials, Instant.now());
        Map<String, Object> p = settings.producerConfig("vantage-sim-enroll", 20);
        AvroSerializer<ProbeEnrollment> serializer = new AvroSerializer<>();
        serializer.configure(p, false);
        try (KafkaProducer<String, ProbeEnrollment> producer =
                new KafkaProducer<>(p, new StringSerializer(), serializer)) {
            for (ProbeEnrollment e : approvals.values()) {
                producer.send(new ProducerRecord<>(VantageTopic.PROBE_ENROLLMENTS.topicName(), e.getProbeId(), e));
            }
            producer.flush();
            // one get() to surface a refused write (ACLs): send errors otherwise only reach callbacks
            producer.send(new ProducerRecord<>(
                            VantageTopic.PROBE_ENROLLMENTS.topicName(),
                            approvals.keySet().iterator().next(),
                            approvals.values().iterator().next()))
                    .get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while enrolling the simulated fleet", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "could not enroll the simulated fleet on " + VantageTopic.PROBE_ENROLLMENTS.topicName() + ": "
                            + e.getCause().getMessage(),
                    e.getCause());
        }
        return credentials;
    }
}
