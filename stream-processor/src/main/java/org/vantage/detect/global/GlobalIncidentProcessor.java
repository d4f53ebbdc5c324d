package org.vantage.detect.global;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.vantage.detect.model.DetectionMetrics;
import org.vantage.detect.model.PlatformStatus;
import org.vantage.detect.model.StoreNames;
import org.vantage.schema.DisruptionAlert;

/**
 * The global stage's incident (one key, one partition): every platform's status, stepped once per window,
 * emits the one incident of a global outage (see {@link GlobalIncident}).
 */
public final class GlobalIncidentProcessor implements Processor<String, PlatformStatus, String, DisruptionAlert> {
    private final GlobalIncident incident;
    private final DetectionMetrics metrics;
    private ProcessorContext<String, DisruptionAlert> context;
    private KeyValueStore<String, GlobalIncident.State> store;

    public GlobalIncidentProcessor(GlobalIncident incident, DetectionMetrics metrics) {
        this.incident = incident;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, DisruptionAlert> context) {
        this.context = context;
        this.store = context.getStateStore(StoreNames.GLOBAL_INCIDENT);
    }

    @Override
    public void process(Record<String, PlatformStatus> record) {
        if (record.value() == null) {
            return;
        }
        GlobalIncident.State s = store.get(GlobalIncident.KEY);
        if (s == null) {
            s = new GlobalIncident.State();
        }
        long now = context.currentSystemTimeMs();
        incident.update(s, record.value(), now).ifPresent(alert -> {
            metrics.alert(alert);
            context.forward(new Record<>(alert.getIncidentId(), alert, now));
        });
        store.put(GlobalIncident.KEY, s);
    }
}
