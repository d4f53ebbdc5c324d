package org.vantage.detect.validate;

import org.vantage.schema.Measurement;
import org.vantage.schema.ProbeHeartbeat;

/** What the validation step passes on: a valid measurement or heartbeat (with how far its origin is known), or a dead letter. */
public sealed interface Validated {
    record ValidMeasurement(Measurement measurement, byte[] rawKey, byte[] rawValue, Trust trust) implements Validated {
        public ValidMeasurement(Measurement measurement, byte[] rawKey, byte[] rawValue) {
            this(measurement, rawKey, rawValue, Trust.NOT_CHECKED);
        }
    }

    record ValidHeartbeat(ProbeHeartbeat heartbeat, Trust trust) implements Validated {
        public ValidHeartbeat(ProbeHeartbeat heartbeat) {
            this(heartbeat, Trust.NOT_CHECKED);
        }
    }

    record Rejected(DeadLetter deadLetter) implements Validated {}
}
