package org.vantage.ooni.api;

import com.fasterxml.jackson.databind.JsonNode;

/** What fetching one measurement body gave: the measurement JSON, or a reason to skip it. */
public sealed interface RawBody {

    /** A JSON object that looks like an OONI measurement (it has a test_name), and its size in bytes. */
    record Body(JsonNode json, int bytes) implements RawBody {}

    /** Unusable; {@code detail} says what was wrong, for the log. */
    record Skipped(FetchSkip reason, String detail) implements RawBody {}
}
