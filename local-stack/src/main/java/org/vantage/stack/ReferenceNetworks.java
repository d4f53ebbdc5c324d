package org.vantage.stack;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.vantage.registry.serde.AvroSerializer;
import org.vantage.schema.NetworkInfo;
import org.vantage.schema.NetworkType;
import org.vantage.topics.NetworkKey;
import org.vantage.topics.VantageTopic;

/**
 * The ASN reference table: reads network CSVs and turns them into {@link NetworkInfo} records for the
 * compacted topic {@code vantage.networks.v1}, keyed {@code CC:ASN}.
 *
 * <p>CSV columns (by header name, extra columns ignored): {@code country, asn, name, network_type}
 * ({@code fixed}, {@code mobile} or blank), {@code subscribers_millions} (blank when unknown),
 * {@code subscribers_basis}, {@code notes}.
 *
 * <p><b>User share rule.</b> The stream processor weights a disrupted network by the share of the
 * country's internet users on it. Published subscriber figures exist only for some networks, so per
 * country: let {@code K} be the configured share of the country's users who are on the networks with known
 * figures (default 0.85 for PK). A network with a figure gets {@code K * subscribers / (sum of known
 * subscribers in the country)}; the networks without a figure split {@code 1 - K} equally. When every
 * listed network has a figure, the shares add up to {@code K}: the rest belongs to networks not in the
 * table. When no network of a country has a figure, every share stays null (unknown) rather than invented.
 * A country with figures but no configured {@code K} is a configuration error.
 */
public final class ReferenceNetworks {

    /** CSVs shipped in this module, one per country or region. */
    public static final List<String> BUNDLED = List.of("reference/pk-networks.csv");

    /**
     * Default share of users on the networks whose subscriber figures are known, per country. PK: the three
     * mobile operators with PTA figures carry most of the country's broadband users; fixed-line broadband
     * is a small part and one large mobile operator is not in the table.
     */
    public static final Map<String, Double> DEFAULT_KNOWN_USER_SHARE = Map.of("PK", 0.85);

    private ReferenceNetworks() {}

    /** The bundled tables with the default user-share settings. */
    public static List<NetworkInfo> bundled() {
        return bundled(DEFAULT_KNOWN_USER_SHARE);
    }

    public static List<NetworkInfo> bundled(Map<String, Double> knownUserShare) {
        List<Row> rows = new ArrayList<>();
        for (String resource : BUNDLED) {
            try (InputStream in = ReferenceNetworks.class.getClassLoader().getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("missing resource " + resource);
                }
                rows.addAll(parse(new InputStreamReader(in, StandardCharsets.UTF_8), resource));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + resource, e);
            }
        }
        return withUserShares(rows, knownUserShare);
    }

    /** Reads one CSV and computes the user shares of its networks. */
    public static List<NetworkInfo> load(Reader csv, String sourceName, Map<String, Double> knownUserShare)
            throws IOException {
        return withUserShares(parse(csv, sourceName), knownUserShare);
    }

    /** A network row before shares are known. */
    record Row(NetworkKey key, String name, NetworkType type, Double subscribersMillions, String basis, String notes) {}

    static List<Row> parse(Reader csv, String sourceName) throws IOException {
        List<Row> rows = new ArrayList<>();
        for (CsvTable.Row r : CsvTable.read(csv, sourceName)) {
            String where = sourceName + ":" + r.line() + ": ";
            NetworkKey key;
            try {
                key = new NetworkKey(r.get("country"), Long.parseLong(r.get("asn")));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(where + "asn must be a number, got '" + r.get("asn") + "'");
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + e.getMessage());
            }
            if (r.get("name").isEmpty()) {
                throw new IllegalArgumentException(where + "name is empty");
            }
            rows.add(new Row(
                    key,
                    r.get("name"),
                    networkType(r.get("network_type"), where),
                    subscribers(r.get("subscribers_millions"), where),
                    blankToNull(r.get("subscribers_basis")),
                    blankToNull(r.get("notes"))));
        }
        return rows;
    }

    /** Applies the user share rule of the class comment. */
    static List<NetworkInfo> withUserShares(List<Row> rows, Map<String, Double> knownUserShare) {
        Map<String, List<Row>> byCountry = new LinkedHashMap<>();
        Map<NetworkKey, Row> seen = new LinkedHashMap<>();
        for (Row row : rows) {
            if (seen.put(row.key(), row) != null) {
                throw new IllegalArgumentException("network " + row.key() + " is listed twice");
            }
            byCountry
                    .computeIfAbsent(row.key().country(), c -> new ArrayList<>())
                    .add(row);
        }
        List<NetworkInfo> out = new ArrayList<>();
        byCountry.forEach((country, networks) -> {
            double knownTotal = networks.stream()
                    .filter(n -> n.subscribersMillions() != null)
                    .mapToDouble(Row::subscribersMillions)
                    .sum();
            long unknownCount = networks.stream()
                    .filter(n -> n.subscribersMillions() == null)
                    .count();
            Double k = null;
            if (knownTotal > 0) {
                k = knownUserShare.get(country);
                if (k == null) {
                    throw new IllegalArgumentException("no known-user share configured for " + country
                            + ": give the share (0..1] of " + country + "'s users on the networks with subscriber"
                            + " figures, e.g. " + country + "=0.85");
                }
                if (!(k > 0 && k <= 1)) {
                    throw new IllegalArgumentException(
                            "known-user share of " + country + " must be in (0, 1], got " + k);
                }
            }
            for (Row n : networks) {
                Double share = null;
                if (k != null) {
                    share = n.subscribersMillions() != null
                            ? k * n.subscribersMillions() / knownTotal
                            : (1 - k) / unknownCount;
                }
                out.add(NetworkInfo.newBuilder()
                        .setCountry(n.key().country())
                        .setAsn(n.key().asn())
                        .setName(n.name())
                        .setNetworkType(n.type())
                        .setSubscribersMillions(n.subscribersMillions())
                        .setSubscribersBasis(n.basis())
                        .setUserShare(share)
                        .setRegions(List.of())
                        .setNotes(n.notes())
                        .build());
            }
        });
        return out;
    }

    /**
     * Writes every network to {@code vantage.networks.v1} with a producer of its own, values in the Schema
     * Registry wire format.
     *
     * @param clientConfig {@code bootstrap.servers}, {@code schema.registry.url} and any other client or
     *                     serde settings (e.g. {@code basic.auth.user.info})
     */
    public static void publish(Map<String, Object> clientConfig, List<NetworkInfo> networks, Duration timeout) {
        AvroSerializer<NetworkInfo> values = new AvroSerializer<>();
        values.configure(clientConfig, false);
        Map<String, Object> producerConfig = new HashMap<>(clientConfig);
        producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
        producerConfig.keySet().retainAll(ProducerConfig.configNames());
        try (KafkaProducer<String, NetworkInfo> producer =
                new KafkaProducer<>(producerConfig, new StringSerializer(), values)) {
            publish(producer, networks, timeout.toMillis());
        }
    }

    /** Writes every network to {@code vantage.networks.v1} and waits for the broker's acknowledgements. */
    public static void publish(Producer<String, NetworkInfo> producer, List<NetworkInfo> networks, long timeoutMillis) {
        List<Future<?>> sends = new ArrayList<>();
        for (NetworkInfo n : networks) {
            String key = new NetworkKey(n.getCountry(), n.getAsn()).toString();
            sends.add(producer.send(new ProducerRecord<>(VantageTopic.NETWORKS.topicName(), key, n)));
        }
        producer.flush();
        try {
            for (Future<?> send : sends) {
                send.get(timeoutMillis, TimeUnit.MILLISECONDS);
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "cannot publish the network reference table: "
                            + e.getCause().getMessage(),
                    e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("publishing the network reference table timed out", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing the network reference table", e);
        }
    }

    private static NetworkType networkType(String value, String where) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "fixed" -> NetworkType.FIXED;
            case "mobile" -> NetworkType.MOBILE;
            case "", "unknown" -> NetworkType.UNKNOWN;
            default ->
                throw new IllegalArgumentException(
                        where + "network_type must be fixed, mobile or blank, got '" + value + "'");
        };
    }

    private static Double subscribers(String value, String where) {
        if (value.isEmpty()) {
            return null;
        }
        try {
            double v = Double.parseDouble(value);
            if (!(v > 0) || Double.isInfinite(v)) {
                throw new IllegalArgumentException(where + "subscribers_millions must be positive, got " + value);
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(where + "subscribers_millions must be a number, got '" + value + "'");
        }
    }

    private static String blankToNull(String value) {
        return value.isEmpty() ? null : value;
    }
}
