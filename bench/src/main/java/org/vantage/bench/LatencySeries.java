package org.vantage.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.vantage.detect.config.DetectionThresholds;
import org.vantage.schema.Measurement;
import org.vantage.topics.VantageTopic;

/**
 * One series of injected disruptions into a running detection under a background load (see {@link DisruptionInjection}
 * for what is injected and when the clock starts): per repetition the wall-clock time from producing the measurement
 * that completes the evidence to the OPENED alert being readable ({@code read_committed}). The caller runs the
 * background load; a series stops after two injections in a row without an alert within 60 s, or when its time budget
 * is used up.
 */
final class LatencySeries {
    /** Injections share one warm-up per batch; small batches so no network falls silent (3 min) before its turn. */
    static final int WARMUP_BATCH = 5;

    record Result(List<Long> samples, List<Map<String, Object>> repetitions, int requested) {}

    private final String bootstrap;
    private final String registryUrl;
    private final GroupProgress progress;
    private final String group;
    private final DetectionThresholds t;
    private final long budgetSeconds;

    /**
     * {@code group}: the detection's application id (its input lag is reported per injection); {@code t}: the thresholds
     * the detection runs with (window, grace and the country stage's first-seen wait decide when to inject).
     */
    LatencySeries(
            String bootstrap,
            String registryUrl,
            GroupProgress progress,
            String group,
            DetectionThresholds t,
            long budgetSeconds) {
        this.bootstrap = bootstrap;
        this.registryUrl = registryUrl;
        this.progress = progress;
        this.group = group;
        this.t = t;
        this.budgetSeconds = budgetSeconds;
    }

    /** Injections {@code firstRep} .. {@code firstRep + reps - 1} (each its own country of {@link DisruptionInjection#COUNTRIES}). */
    Result run(ChildProcess processor, BackgroundLoad bg, int firstRep, int reps) throws Exception {
        String topic = VantageTopic.MEASUREMENTS.topicName();
        DisruptionInjection inj = new DisruptionInjection();
        List<Long> samples = new ArrayList<>();
        List<Map<String, Object>> results = new ArrayList<>();
        Map<TopicPartition, Long> alertEnds = progress.endOffsets(VantageTopic.ALERTS.topicName());
        try (AlertWatcher alerts = AlertWatcher.start(bootstrap, registryUrl, alertEnds);
                StatusWatcher statuses = new StatusWatcher(bootstrap);
                KafkaProducer<String, Measurement> producer = new KafkaProducer<>(
                        KafkaLoadSink.producerConfig(bootstrap, registryUrl),
                        new StringSerializer(),
                        KafkaLoadSink.serializer(registryUrl))) {
            int misses = 0;
            long budgetEnd = System.nanoTime() + budgetSeconds * 1_000_000_000L;
            for (int rep = firstRep; rep < firstRep + reps; rep++) {
                processor.failIfDown();
                if ((rep - firstRep) % WARMUP_BATCH == 0
                        && !warmUp(
                                inj,
                                producer,
                                statuses,
                                rep,
                                Math.min(rep + WARMUP_BATCH, firstRep + reps),
                                budgetEnd)) {
                    System.out.printf(
                            "    series time budget of %d s used up while warming up; series stopped%n", budgetSeconds);
                    break;
                }
                String cc = DisruptionInjection.COUNTRIES.get(rep);
                String network = cc + ":" + DisruptionInjection.asn(rep);
                long w2End = DisruptionInjection.secondWindowEnd(
                        System.currentTimeMillis(), t.windowMs(), t.grace().toMillis());
                for (Measurement m : inj.evidence(rep, w2End, t.windowMs())) {
                    producer.send(
                            new ProducerRecord<>(topic, null, m.getEventTime().toEpochMilli(), network, m));
                }
                producer.flush();
                long now = System.currentTimeMillis();
                Measurement last = inj.completing(rep, now);
                long sentAt = System.currentTimeMillis();
                producer.send(new ProducerRecord<>(topic, null, now, network, last));
                producer.flush();
                long deadline = sentAt + 60_000;
                Long seen = null;
                while (seen == null && System.currentTimeMillis() < deadline) {
                    seen = alerts.firstWithInjectedPlatform(cc);
                    Thread.sleep(2);
                }
                long lag = inputLag();
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("country", cc);
                r.put("latencyMs", seen == null ? null : seen - sentAt);
                r.put("processorInputLagRecords", lag);
                r.put("backgroundRate", Math.round(bg.achievedRate()));
                results.add(r);
                if (seen != null) {
                    samples.add(seen - sentAt);
                    misses = 0;
                } else {
                    misses++;
                }
                System.out.printf(
                        "    #%d %s: %s (input lag of the processor now %,d records, background %,.0f/s)%n",
                        rep - firstRep + 1,
                        cc,
                        seen == null ? "NO ALERT within 60 s" : (seen - sentAt) + " ms",
                        lag,
                        bg.achievedRate());
                if (bg.failure() != null) {
                    throw new IllegalStateException("background load failed", bg.failure());
                }
                if (System.nanoTime() > budgetEnd) {
                    System.out.printf(
                            "    series time budget of %d s used up after %d injections; series stopped%n",
                            budgetSeconds, rep - firstRep + 1);
                    break;
                }
                if (misses >= 2) {
                    System.out.println(
                            "    two injections in a row without an alert within 60 s (the input lag above says whether the "
                                    + "processor is behind); series stopped");
                    break;
                }
                Thread.sleep(500);
            }
        }
        return new Result(samples, results, reps);
    }

    /**
     * Makes the networks of repetitions [from, to) known to the detection (see {@link DisruptionInjection#warmup}) and
     * waits until their countries have reported and the country stage's first-seen wait has passed; false when the
     * series' time budget ran out first.
     */
    private boolean warmUp(
            DisruptionInjection inj,
            KafkaProducer<String, Measurement> producer,
            StatusWatcher statuses,
            int from,
            int to,
            long budgetEndNanos)
            throws Exception {
        String topic = VantageTopic.MEASUREMENTS.topicName();
        long start = DisruptionInjection.warmupStart(
                System.currentTimeMillis(), t.windowMs(), t.grace().toMillis());
        long span = DisruptionInjection.warmupSpan(t.windowMs(), t.grace().toMillis());
        for (int rep = from; rep < to; rep++) {
            String network = DisruptionInjection.COUNTRIES.get(rep) + ":" + DisruptionInjection.asn(rep);
            for (Measurement m : inj.warmup(rep, start, span)) {
                producer.send(new ProducerRecord<>(topic, null, m.getEventTime().toEpochMilli(), network, m));
            }
        }
        producer.flush();
        for (int rep = from; rep < to; rep++) {
            String cc = DisruptionInjection.COUNTRIES.get(rep);
            long left = budgetEndNanos - System.nanoTime();
            if (left <= 0 || !statuses.await(cc, Duration.ofNanos(left))) {
                return false; // the processor is too far behind to report even the warm-up within the budget
            }
        }
        Thread.sleep(t.countryWaitTimeout().toMillis() + 2000);
        return true;
    }

    /** Records of the measurements topic the detection has not committed yet. */
    long inputLag() throws Exception {
        Map<TopicPartition, Long> ends = progress.endOffsets(VantageTopic.MEASUREMENTS.topicName());
        return ends.values().stream().mapToLong(Long::longValue).sum()
                - GroupProgress.consumed(ends, progress.committed(group));
    }
}
