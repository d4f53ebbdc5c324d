package org.vantage.detect.global;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.vantage.detect.StoreNames;
import org.vantage.detect.national.CountryPlatformVerdict;

/** The per-platform stage (keyed by platform): collects country verdicts and publishes the global view on change. */
public final class PlatformProcessor implements Processor<String, CountryPlatformVerdict, String, PlatformStatus> {
    private final GlobalOutageDetector detector;
    private ProcessorContext<String, PlatformStatus> context;
    private KeyValueStore<String, PlatformStatus> store;

    public PlatformProcessor(GlobalOutageDetector detector) {
        this.detector = detector;
    }

    @Override
    public void init(ProcessorContext<String, PlatformStatus> context) {
        this.context = context;
        this.store = context.getStateStore(StoreNames.PLATFORM_VERDICTS);
    }

    @Override
    public void process(Record<String, CountryPlatformVerdict> record) {
        PlatformStatus before = store.get(record.key());
        PlatformStatus after = detector.update(before, record.value());
        store.put(record.key(), after);
        if (GlobalOutageDetector.changed(before, after)) {
            context.forward(record.withValue(after));
        }
    }
}
