package org.vantage.detect.validate;

import org.vantage.schema.Measurement;
import org.vantage.schema.ProbeHeartbeat;

/** What the validation step passes on: a valid measurement or heartbeat, or a dead letter. */
public sealed interface Validated {
    record ValidMeasurement(Measurement measurement, byte[] rawKey, byte[] rawValue) implements Validated {
    }

    record ValidHeartbeat(ProbeHeartbeat heartbeat) implements Validated {
    }

    record Rejected(DeadLetter deadLetter) implements Validated {
    }
}
