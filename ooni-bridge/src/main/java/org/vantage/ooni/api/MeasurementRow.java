package org.vantage.ooni.api;

import java.time.Instant;

/**
 * One row of {@code GET /api/v1/measurements}: the index entry of a measurement (its body is fetched apart).
 *
 * @param measurementUid OONI's primary key
 * @param startTime      {@code measurement_start_time}, what the list filters and sorts on
 */
public record MeasurementRow(
        String measurementUid,
        String reportId,
        String testName,
        String probeCc,
        String probeAsn,
        String input,
        Instant startTime) {}
