package org.vantage.ooni.api;

import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * One page of the measurement list.
 *
 * @param rows      rows that parsed; rows without a uid or a start time are counted in {@code unusableRows}
 * @param next      the next page (OONI's {@code metadata.next_url}, re-based on the configured API URL); empty
 *                  on the last page
 */
public record ListPage(URI url, List<MeasurementRow> rows, int unusableRows, Optional<URI> next) {}
