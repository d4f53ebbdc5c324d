package org.vantage.ooni.api;

import java.time.Duration;

/** What the client reports for metrics and logs. {@code endpoint} is {@code list} or {@code raw_measurement}. */
public interface ApiEvents {

    /** A request that will be retried after {@code delay}; {@code cause} is {@code 429}, {@code 5xx} or {@code connection}. */
    default void retrying(String endpoint, String cause, Duration delay) {}

    /** A request given up; {@code kind} is {@code unreachable}, {@code retries_exhausted} or {@code rejected}. */
    default void failed(String endpoint, String kind) {}

    ApiEvents NONE = new ApiEvents() {};
}
