package org.vantage.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.vantage.registry.serde.AvroDeserializer;
import org.vantage.registry.serde.AvroSerializer;
import org.vantage.schema.EnrollmentStatus;
import org.vantage.schema.ProbeEnrollment;
import org.vantage.topics.VantageTopic;
import org.vantage.trust.Enrollments;
import org.vantage.trust.ProbeCredentials;
import org.vantage.trust.ProbeIdentity;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code vantage probes enroll | approve | revoke | list}: the enrollment of probes. A probe (or its owner, on its
 * host) asks with {@code enroll}, which creates its credentials file and sends a request signed by its new identity
 * key; an operator checks the network the request came from and {@code approve}s it, saying how; {@code revoke} ends
 * a probe's voice. Requests go to {@code vantage.probe-enrollment-requests.v1}, decisions to the compacted
 * {@code vantage.probe-enrollments.v1} that the detector believes.
 */
@Command(
        name = "probes",
        mixinStandardHelpOptions = true,
        description = {"Enroll, approve, revoke and list probes (who may report for which network)."},
        subcommands = {
            ProbesCommand.Enroll.class,
            ProbesCommand.Approve.class,
            ProbesCommand.Revoke.class,
            ProbesCommand.ListProbes.class
        },
        footer = {
            "",
            "The detector believes enrolled probes only with VANTAGE_PROBE_TRUST=enrolled (or open).",
            "Exit codes: 0 ok, 1 failure (Kafka unreachable, refused approval), 2 usage error."
        })
public final class ProbesCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Where Kafka is and how long to wait for it, for every subcommand. */
    abstract static class KafkaCommand {
        @Mixin
        StackOptions stack;

        @Option(
                names = "--timeout",
                defaultValue = "10s",
                paramLabel = "DURATION",
                converter = Durations.class,
                description = "Give up on an unreachable broker after this long (default ${DEFAULT-VALUE}).")
        Duration timeout;

        Connection kafka() {
            return new Connection(stack, timeout);
        }
    }

    /** Reads and writes of the enrollment topics. */
    record Connection(StackOptions stack, Duration timeout) {

        KafkaReads reads() {
            return new KafkaReads(stack.endpoints(), timeout);
        }

        /** Serialises {@code e} (Avro, registry), lets {@code headers} see the bytes, and writes it; acks=all. */
        void send(VantageTopic topic, ProbeEnrollment e, java.util.function.Function<byte[], List<Header>> headers) {
            StackEndpoints endpoints = stack.endpoints();
            Map<String, Object> c = endpoints.clientConfig(Map.of(
                    ProducerConfig.ACKS_CONFIG,
                    "all",
                    ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                    true,
                    ProducerConfig.CLIENT_ID_CONFIG,
                    "vantage-cli-probes",
                    ProducerConfig.MAX_BLOCK_MS_CONFIG,
                    (int) timeout.toMillis(),
                    ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG,
                    (int) timeout.toMillis(),
                    // must cover linger plus one request
                    ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
                    (int) timeout.toMillis() * 2 + 1_000));
            AvroSerializer<ProbeEnrollment> serializer = new AvroSerializer<>();
            serializer.configure(c, false);
            byte[] value = serializer.serialize(topic.topicName(), e);
            try (KafkaProducer<String, byte[]> producer =
                    new KafkaProducer<>(c, new StringSerializer(), new ByteArraySerializer())) {
                producer.send(new ProducerRecord<>(
                                topic.topicName(), null, e.getProbeId(), value, headers.apply(value)))
                        .get();
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while writing to " + topic.topicName(), ex);
            } catch (java.util.concurrent.ExecutionException ex) {
                throw new IllegalStateException(
                        "could not write to " + topic.topicName() + " on " + endpoints.bootstrapServers() + ": "
                                + ex.getCause().getMessage(),
                        ex.getCause());
            }
        }

        AvroDeserializer<ProbeEnrollment> deserializer() {
            AvroDeserializer<ProbeEnrollment> d = new AvroDeserializer<>(ProbeEnrollment.class);
            d.configure(stack.endpoints().clientConfig(Map.of()), false);
            return d;
        }
    }

    @Command(
            name = "enroll",
            mixinStandardHelpOptions = true,
            description = {
                "Create this probe's credentials and ask to be enrolled (or, with --rotate, for a new MAC key).",
                "Writes the credentials file (identity key pair and MAC secret, mode 600) and sends a request signed by "
                        + "the identity key. Nothing counts until an operator approves it."
            })
    static final class Enroll extends KafkaCommand implements Callable<Integer> {
        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Option(
                names = "--probe-id",
                required = true,
                description = "The probe's id (A-Z a-z 0-9 . _ -), e.g. pk-lhe-01.")
        String probeId;

        @Option(
                names = "--network",
                required = true,
                paramLabel = "CC:ASN",
                description = "Network the probe reports for (repeatable).")
        List<String> networks;

        @Option(
                names = "--credentials",
                required = true,
                paramLabel = "FILE",
                description =
                        "Credentials file to create (or, with --rotate, to renew); the probe reads it from VANTAGE_PROBE_CREDENTIALS.")
        Path credentials;

        @Option(
                names = "--address",
                description = "The probe's public address, as it sees it, for the operator to check.")
        String address;

        @Option(names = "--asn", description = "The ASN the probe believes that address is in.")
        Long asn;

        @Option(
                names = "--rotate",
                description =
                        "Keep the identity, ask for a new MAC key (the old one stays valid until the approval's cut-over).")
        boolean rotate;

        @Override
        public Integer call() throws IOException {
            ProbeCredentials c;
            if (rotate) {
                c = ProbeCredentials.load(credentials).rotated();
                if (!c.probeId().equals(probeId)) {
                    throw new IllegalArgumentException(
                            credentials + " belongs to probe '" + c.probeId() + "', not '" + probeId + "'");
                }
            } else if (Files.exists(credentials)) {
                throw new IllegalArgumentException(
                        credentials + " exists: use --rotate for a new key, or another file for a new probe");
            } else {
                c = ProbeCredentials.generate(probeId);
            }
            ProbeEnrollment request = Enrollments.request(c, networks, address, asn, Instant.now());
            List<String> problems = Enrollments.problems(request);
            if (!problems.isEmpty()) {
                throw new IllegalArgumentException(String.join("; ", problems));
            }
            ProbeCredentials signer = c;
            kafka().send(
                            VantageTopic.PROBE_ENROLLMENT_REQUESTS,
                            request,
                            value -> List.of(new org.apache.kafka.common.header.internals.RecordHeader(
                                    Enrollments.REQUEST_SIGNATURE_HEADER,
                                    ProbeIdentity.sign(signer.identity().getPrivate(), value))));
            // the new key is written only once the request is out: a failed send leaves the old credentials in force
            c.save(credentials);
            spec.commandLine()
                    .getOut()
                    .printf(
                            "requested %s for probe %s (identity %s, key %s); credentials in %s%n",
                            rotate ? "a new key" : "enrollment",
                            probeId,
                            ProbeIdentity.fingerprint(c.publicKey()),
                            c.keyId(),
                            credentials);
            if (rotate) {
                spec.commandLine()
                        .getOut()
                        .println("until approved, the probe must keep signing with its old key: keep a copy of "
                                + "the old file and switch when 'vantage probes list' shows the new key");
            }
            return 0;
        }
    }

    @Command(
            name = "approve",
            mixinStandardHelpOptions = true,
            description = {
                "Approve a probe's latest request: enrolls it, or adds its new key (a rotation).",
                "Check first that the request's address is in the networks granted (e.g. RIPEstat, whois) and say how."
            })
    static final class Approve extends KafkaCommand implements Callable<Integer> {
        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "PROBE_ID")
        String probeId;

        @Option(names = "--by", required = true, description = "Who approves (an operator's name).")
        String by;

        @Option(
                names = "--verified",
                required = true,
                paramLabel = "HOW",
                description = "How the network was verified, e.g. 'source 203.0.113.7 is in AS17557 (RIPEstat)'.")
        String verified;

        @Option(
                names = "--network",
                paramLabel = "CC:ASN",
                description = "Grant these networks instead of the ones requested (repeatable).")
        List<String> networks = new ArrayList<>();

        @Option(
                names = "--cutover",
                defaultValue = "24h",
                converter = Durations.class,
                paramLabel = "DURATION",
                description = "On a rotation, how long the old key stays valid (default ${DEFAULT-VALUE}).")
        Duration cutover;

        @Override
        public Integer call() {
            KafkaReads reads = kafka().reads();
            ConsumerRecord<String, byte[]> raw = reads.latestRecordsPerKey(VantageTopic.PROBE_ENROLLMENT_REQUESTS)
                    .get(probeId);
            if (raw == null) {
                throw new IllegalArgumentException("no request from probe '" + probeId + "' on "
                        + VantageTopic.PROBE_ENROLLMENT_REQUESTS.topicName()
                        + " (the probe asks with 'vantage probes enroll')");
            }
            ProbeEnrollment request = kafka().deserializer().deserialize(raw.topic(), raw.value());
            Header sig = raw.headers().lastHeader(Enrollments.REQUEST_SIGNATURE_HEADER);
            ProbeEnrollment current = reads.latestPerKey(VantageTopic.PROBE_ENROLLMENTS, ProbeEnrollment.class)
                    .get(probeId);
            ProbeEnrollment approved = Enrollments.approve(
                    request,
                    sig == null ? null : sig.value(),
                    raw.value(),
                    current,
                    networks,
                    by,
                    verified,
                    cutover,
                    Instant.now());
            kafka().send(VantageTopic.PROBE_ENROLLMENTS, approved, value -> List.of());
            boolean rotation = current != null && current.getStatus() == EnrollmentStatus.APPROVED;
            spec.commandLine()
                    .getOut()
                    .printf(
                            "%s %s for %s (keys %s)%n",
                            rotation ? "rotated the key of" : "enrolled",
                            probeId,
                            String.join(", ", approved.getNetworks()),
                            String.join(
                                    ", ",
                                    approved.getMacKeys().stream()
                                            .map(k -> k.getKeyId()
                                                    + (k.getNotAfter() == null ? "" : " until " + k.getNotAfter()))
                                            .toList()));
            return 0;
        }
    }

    @Command(
            name = "revoke",
            mixinStandardHelpOptions = true,
            description = "Revoke a probe: every record it signs from now on is dead-lettered.")
    static final class Revoke extends KafkaCommand implements Callable<Integer> {
        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "PROBE_ID")
        String probeId;

        @Option(names = "--by", required = true, description = "Who revokes.")
        String by;

        @Option(
                names = "--reason",
                required = true,
                description = "Why, e.g. 'reported blocks its network does not show'.")
        String reason;

        @Override
        public Integer call() {
            ProbeEnrollment current = kafka().reads()
                    .latestPerKey(VantageTopic.PROBE_ENROLLMENTS, ProbeEnrollment.class)
                    .get(probeId);
            if (current == null) {
                throw new IllegalArgumentException("probe '" + probeId + "' is not enrolled");
            }
            kafka().send(
                            VantageTopic.PROBE_ENROLLMENTS,
                            Enrollments.revoke(current, by, reason, Instant.now()),
                            value -> List.of());
            spec.commandLine().getOut().printf("revoked %s%n", probeId);
            return 0;
        }
    }

    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            description =
                    "Enrolled and revoked probes, then requests awaiting approval (latest per probe, grouped by source address).")
    static final class ListProbes extends KafkaCommand implements Callable<Integer> {
        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Option(
                names = "--pending-limit",
                defaultValue = "50",
                description = "Pending requests shown at most (a flood is summarised; default ${DEFAULT-VALUE}).")
        int pendingLimit;

        @Override
        public Integer call() {
            KafkaReads reads = kafka().reads();
            Map<String, ProbeEnrollment> enrolled =
                    reads.latestPerKey(VantageTopic.PROBE_ENROLLMENTS, ProbeEnrollment.class);
            AvroDeserializer<ProbeEnrollment> d = kafka().deserializer();
            Map<String, ProbeEnrollment> requests = new HashMap<>();
            reads.latestRecordsPerKey(VantageTopic.PROBE_ENROLLMENT_REQUESTS)
                    .forEach((k, r) -> requests.put(k, d.deserialize(r.topic(), r.value())));
            spec.commandLine().getOut().print(ProbeListing.text(enrolled.values(), requests.values(), pendingLimit));
            return 0;
        }
    }
}
