package org.vantage.detect.model;

import java.util.List;
import org.vantage.schema.Technique;

/** One technique seen in the evidence (becomes an Avro TechniqueEvidence). */
public record TechniqueFinding(
        Technique technique, double share, long measurements, List<String> outcomes, String detail) {}
