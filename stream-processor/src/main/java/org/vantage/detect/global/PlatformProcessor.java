package org.vantage.detect.global;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.vantage.detect.model.CountryPlatformVerdict;
import org.vantage.detect.model.PlatformStatus;
import org.vantage.detect.model.StoreNames;

/**
 * The per-platform stage (keyed by platform): collects country verdicts into the platform's global view. Every
 * update goes on to the global incident; the view is published when it changed.
 */
public final class PlatformProcessor implements Processor<String, CountryPlatformVerdict, String, PlatformProcessor.Update> {

    /** A platform's view after one country verdict, and whether it changed in a way worth publishing. */
    public record Update(PlatformStatus status, boolean changed) {
    }

    private final GlobalOutageDetector detector;
    private ProcessorContext<String, Update> context;
    private KeyValueStore<String, PlatformStatus> store;

    public PlatformProcessor(GlobalOutageDetector detector) {
        this.detector = detector;
    }

    @Override
    public void init(ProcessorContext<String, Update> context) {
        this.context = context;
        this.store = context.getStateStore(StoreNames.PLATFORM_VERDICTS);
    }

    @Override
    public void process(Record<String, CountryPlatformVerdict> record) {
        PlatformStatus before = store.get(record.key());
        PlatformStatus after = detector.update(before, record.value());
        store.put(record.key(), after);
        context.forward(record.withValue(new Update(after, GlobalOutageDetector.changed(before, after))));
    }
}
