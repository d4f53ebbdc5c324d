package org.vantage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vantage.schema.EnrollmentStatus;
import org.vantage.schema.ProbeEnrollment;
import org.vantage.schema.ProbeMacKey;
import org.vantage.stack.LocalStack;
import org.vantage.topics.VantageTopic;
import org.vantage.trust.ProbeCredentials;
import picocli.CommandLine;

/** {@code vantage probes enroll | approve | revoke | list} against a real broker and registry: a probe's whole life. */
@org.junit.jupiter.api.Tag("integration")
class ProbesCommandIntegrationTest {
    @TempDir
    static Path dir;

    static LocalStack stack;

    @BeforeAll
    static void start() throws Exception {
        stack = LocalStack.builder().dataDir(dir.resolve("stack")).start();
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void aProbeIsRequestedApprovedRotatedAndRevoked() throws Exception {
        Path creds = dir.resolve("pk-lhe-01.credentials");
        Result enroll = run(
                "probes",
                "enroll",
                "--probe-id",
                "pk-lhe-01",
                "--network",
                "PK:17557",
                "--credentials",
                creds.toString(),
                "--address",
                "203.0.113.7",
                "--asn",
                "17557");
        assertThat(enroll.code).as(enroll.err).isZero();
        ProbeCredentials first = ProbeCredentials.load(creds);
        assertThat(run("probes", "list").out)
                .contains("Pending requests: 1")
                .contains("pk-lhe-01")
                .contains("203.0.113.7 (AS17557)");

        Result refused = run("probes", "approve", "pk-lhe-01", "--by", "alice", "--verified", " ");
        assertThat(refused.code).isEqualTo(1);
        assertThat(refused.err).contains("--verified");

        Result approve = run(
                "probes",
                "approve",
                "pk-lhe-01",
                "--by",
                "alice",
                "--verified",
                "203.0.113.7 is in AS17557 (RIPEstat)");
        assertThat(approve.code).as(approve.err).isZero();
        ProbeEnrollment e = enrolled().get("pk-lhe-01");
        assertThat(e.getStatus()).isEqualTo(EnrollmentStatus.APPROVED);
        assertThat(e.getNetworks()).containsExactly("PK:17557");
        assertThat(e.getApprovedBy()).isEqualTo("alice");
        assertThat(e.getMacKeys()).extracting(ProbeMacKey::getKeyId).containsExactly(first.keyId());
        assertThat(run("probes", "list").out).contains("Pending requests: 0").contains("approved by alice");

        assertThat(run(
                                "probes",
                                "enroll",
                                "--probe-id",
                                "pk-lhe-01",
                                "--network",
                                "PK:17557",
                                "--credentials",
                                creds.toString(),
                                "--rotate")
                        .code)
                .isZero();
        ProbeCredentials second = ProbeCredentials.load(creds);
        assertThat(second.keyId()).isNotEqualTo(first.keyId());
        assertThat(run(
                                "probes",
                                "approve",
                                "pk-lhe-01",
                                "--by",
                                "alice",
                                "--verified",
                                "same probe, new key",
                                "--cutover",
                                "1h")
                        .code)
                .isZero();
        assertThat(enrolled().get("pk-lhe-01").getMacKeys())
                .extracting(ProbeMacKey::getKeyId)
                .containsExactly(first.keyId(), second.keyId());
        assertThat(enrolled().get("pk-lhe-01").getMacKeys().get(0).getNotAfter())
                .isNotNull();

        assertThat(run("probes", "revoke", "pk-lhe-01", "--by", "bob", "--reason", "reported a block nobody else saw")
                        .code)
                .isZero();
        assertThat(enrolled().get("pk-lhe-01").getStatus()).isEqualTo(EnrollmentStatus.REVOKED);
        assertThat(run("probes", "list").out).contains("0 approved, 1 revoked").contains("revoked by bob");
    }

    @Test
    void aSecondEnrollmentOverExistingCredentialsIsRefused() throws Exception {
        Path creds = dir.resolve("existing.credentials");
        Files.writeString(creds, "probe_id=x\n");
        Result r =
                run("probes", "enroll", "--probe-id", "x", "--network", "PK:17557", "--credentials", creds.toString());
        assertThat(r.code).isEqualTo(1);
        assertThat(r.err).contains("exists: use --rotate");
    }

    private static Map<String, ProbeEnrollment> enrolled() {
        return new KafkaReads(new StackEndpoints(stack.bootstrapServers(), stack.registryUrl()), Duration.ofSeconds(10))
                .latestPerKey(VantageTopic.PROBE_ENROLLMENTS, ProbeEnrollment.class);
    }

    record Result(int code, String out, String err) {}

    private static Result run(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--bootstrap-servers", stack.bootstrapServers(), "--registry-url", stack.registryUrl()));
        CommandLine cli = VantageCli.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int code = cli.execute(all.toArray(String[]::new));
        return new Result(code, out.toString(), err.toString());
    }
}
