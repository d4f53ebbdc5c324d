package org.vantage.probe.measure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How the engine measures: per-phase timeouts, resolvers, what counts as a bogon, a block page, an
 * error status or a throttled transfer, and which certificates are trusted. Immutable; built and
 * validated once with {@link #builder()}, so a bad value fails at start with a message naming it.
 */
public final class MeasurementSettings {
    private final Duration dnsTimeout;
    private final Duration connectTimeout;
    private final Duration tlsTimeout;
    private final Duration httpTimeout;
    private final Duration throughputTimeout;
    private final List<ResolverSpec> resolvers;
    private final ResolverSpec controlResolver;
    private final BogonFilter bogonFilter;
    private final TlsTrust tlsTrust;
    private final HttpStatusPolicy statusPolicy;
    private final List<BlockPageFingerprint> blockPageFingerprints;
    private final long maxBodyBytes;
    private final double throughputFloorBps;
    private final int maxAddressesPerTarget;
    private final String userAgent;

    private MeasurementSettings(Builder b) {
        this.dnsTimeout = positive(b.dnsTimeout, "dnsTimeout");
        this.connectTimeout = positive(b.connectTimeout, "connectTimeout");
        this.tlsTimeout = positive(b.tlsTimeout, "tlsTimeout");
        this.httpTimeout = positive(b.httpTimeout, "httpTimeout");
        this.throughputTimeout = positive(b.throughputTimeout, "throughputTimeout");
        if (b.resolvers.isEmpty()) {
            throw new IllegalArgumentException("at least one resolver is required (e.g. 'system')");
        }
        this.resolvers = List.copyOf(b.resolvers);
        this.controlResolver = b.controlResolver;
        this.bogonFilter = Objects.requireNonNull(b.bogonFilter, "bogonFilter");
        this.tlsTrust = Objects.requireNonNull(b.tlsTrust, "tlsTrust");
        this.statusPolicy = Objects.requireNonNull(b.statusPolicy, "statusPolicy");
        this.blockPageFingerprints = List.copyOf(b.blockPageFingerprints);
        if (b.maxBodyBytes < 1) {
            throw new IllegalArgumentException("maxBodyBytes must be >= 1, got " + b.maxBodyBytes);
        }
        this.maxBodyBytes = b.maxBodyBytes;
        if (!(b.throughputFloorBps >= 0) || Double.isInfinite(b.throughputFloorBps)) {
            throw new IllegalArgumentException(
                    "throughputFloorBps must be a finite number >= 0, got " + b.throughputFloorBps);
        }
        this.throughputFloorBps = b.throughputFloorBps;
        if (b.maxAddressesPerTarget < 1) {
            throw new IllegalArgumentException("maxAddressesPerTarget must be >= 1, got " + b.maxAddressesPerTarget);
        }
        this.maxAddressesPerTarget = b.maxAddressesPerTarget;
        if (b.userAgent == null || b.userAgent.isBlank() || b.userAgent.contains("\r") || b.userAgent.contains("\n")) {
            throw new IllegalArgumentException("userAgent must be a single non-empty line");
        }
        this.userAgent = b.userAgent;
    }

    private static Duration positive(Duration d, String name) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be a positive duration, got " + d);
        }
        if (d.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(name + " is too large: " + d);
        }
        return d;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this instance's values, to derive a variant. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.dnsTimeout = dnsTimeout;
        b.connectTimeout = connectTimeout;
        b.tlsTimeout = tlsTimeout;
        b.httpTimeout = httpTimeout;
        b.throughputTimeout = throughputTimeout;
        b.resolvers = new ArrayList<>(resolvers);
        b.controlResolver = controlResolver;
        b.bogonFilter = bogonFilter;
        b.tlsTrust = tlsTrust;
        b.statusPolicy = statusPolicy;
        b.blockPageFingerprints = new ArrayList<>(blockPageFingerprints);
        b.maxBodyBytes = maxBodyBytes;
        b.throughputFloorBps = throughputFloorBps;
        b.maxAddressesPerTarget = maxAddressesPerTarget;
        b.userAgent = userAgent;
        return b;
    }

    public Duration dnsTimeout() {
        return dnsTimeout;
    }

    public Duration connectTimeout() {
        return connectTimeout;
    }

    public Duration tlsTimeout() {
        return tlsTimeout;
    }

    public Duration httpTimeout() {
        return httpTimeout;
    }

    public Duration throughputTimeout() {
        return throughputTimeout;
    }
    /** Resolvers each target is measured through; the first is the engine's default. */
    public List<ResolverSpec> resolvers() {
        return resolvers;
    }

    public Optional<ResolverSpec> controlResolver() {
        return Optional.ofNullable(controlResolver);
    }

    public BogonFilter bogonFilter() {
        return bogonFilter;
    }

    public TlsTrust tlsTrust() {
        return tlsTrust;
    }

    public HttpStatusPolicy statusPolicy() {
        return statusPolicy;
    }

    public List<BlockPageFingerprint> blockPageFingerprints() {
        return blockPageFingerprints;
    }

    public long maxBodyBytes() {
        return maxBodyBytes;
    }

    public double throughputFloorBps() {
        return throughputFloorBps;
    }

    public int maxAddressesPerTarget() {
        return maxAddressesPerTarget;
    }

    public String userAgent() {
        return userAgent;
    }

    /** Defaults suit a deployed probe: system resolver, standard bogons, the JDK trust store. */
    public static final class Builder {
        private Duration dnsTimeout = Duration.ofSeconds(3);
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration tlsTimeout = Duration.ofSeconds(5);
        private Duration httpTimeout = Duration.ofSeconds(10);
        private Duration throughputTimeout = Duration.ofSeconds(15);
        private List<ResolverSpec> resolvers = new ArrayList<>(List.of(ResolverSpec.system()));
        private ResolverSpec controlResolver;
        private BogonFilter bogonFilter = BogonFilter.standard();
        private TlsTrust tlsTrust;
        private HttpStatusPolicy statusPolicy = HttpStatusPolicy.DEFAULT;
        private List<BlockPageFingerprint> blockPageFingerprints = new ArrayList<>();
        private long maxBodyBytes = 256 * 1024;
        private double throughputFloorBps = 64 * 1024; // 512 kbit/s: far below any healthy broadband or 4G link
        private int maxAddressesPerTarget = 2;
        private String userAgent = "vantage-probe (+https://github.com/vantage-observatory)";

        private Builder() {}

        /** Same timeout for every phase; convenient for tests. */
        public Builder allTimeouts(Duration timeout) {
            dnsTimeout = connectTimeout = tlsTimeout = httpTimeout = throughputTimeout = timeout;
            return this;
        }

        public Builder dnsTimeout(Duration v) {
            dnsTimeout = v;
            return this;
        }

        public Builder connectTimeout(Duration v) {
            connectTimeout = v;
            return this;
        }

        public Builder tlsTimeout(Duration v) {
            tlsTimeout = v;
            return this;
        }

        public Builder httpTimeout(Duration v) {
            httpTimeout = v;
            return this;
        }

        public Builder throughputTimeout(Duration v) {
            throughputTimeout = v;
            return this;
        }

        public Builder resolvers(List<ResolverSpec> v) {
            resolvers = new ArrayList<>(Objects.requireNonNull(v, "resolvers"));
            return this;
        }

        /** A resolver outside the censor's reach whose answers the probe's are compared with; null for none. */
        public Builder controlResolver(ResolverSpec v) {
            controlResolver = v;
            return this;
        }

        public Builder bogonFilter(BogonFilter v) {
            bogonFilter = v;
            return this;
        }

        public Builder tlsTrust(TlsTrust v) {
            tlsTrust = v;
            return this;
        }

        public Builder statusPolicy(HttpStatusPolicy v) {
            statusPolicy = v;
            return this;
        }

        public Builder blockPageFingerprints(List<BlockPageFingerprint> v) {
            blockPageFingerprints = new ArrayList<>(Objects.requireNonNull(v, "blockPageFingerprints"));
            return this;
        }

        /** Cap on HTTP body bytes read (and counted in bytes_received) for the main GET. */
        public Builder maxBodyBytes(long v) {
            maxBodyBytes = v;
            return this;
        }
        /** A throughput transfer slower than this (bytes per second) is {@code THROTTLED}. */
        public Builder throughputFloorBps(double v) {
            throughputFloorBps = v;
            return this;
        }

        public Builder maxAddressesPerTarget(int v) {
            maxAddressesPerTarget = v;
            return this;
        }

        public Builder userAgent(String v) {
            userAgent = v;
            return this;
        }

        /** @throws IllegalArgumentException naming the first invalid setting */
        public MeasurementSettings build() {
            if (tlsTrust == null) {
                tlsTrust = TlsTrust.systemDefault();
            }
            return new MeasurementSettings(this);
        }
    }
}
