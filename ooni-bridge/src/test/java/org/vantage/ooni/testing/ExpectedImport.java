package org.vantage.ooni.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.vantage.ooni.map.Mapping;
import org.vantage.ooni.map.OoniMapper;
import org.vantage.schema.Measurement;

/**
 * What importing the replayed bodies must give, from the mapper itself: the bridge's job is to publish what the
 * mapper maps, once, and count what it skips; whether the mapping is right is the mapper's tests' business.
 */
public record ExpectedImport(Map<String, Measurement> published, Map<String, Integer> skippedByReason) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public static ExpectedImport of(OoniReplayServer ooni, Collection<String> uids) {
        OoniMapper mapper = new OoniMapper();
        Map<String, Measurement> published = new LinkedHashMap<>();
        Map<String, Integer> skipped = new TreeMap<>();
        for (String uid : uids) {
            JsonNode body;
            try {
                body = JSON.readTree(ooni.body(uid));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Mapping m = mapper.map(body, uid);
            if (!m.isMapped()) {
                skipped.merge(m.skipReason().name().toLowerCase(Locale.ROOT), 1, Integer::sum);
            } else {
                published.put(uid, m.measurement());
            }
        }
        return new ExpectedImport(published, skipped);
    }
}
