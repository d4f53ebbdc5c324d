package org.vantage.probe.measure;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads a target list from YAML (format: see {@code targets/default-targets.yaml}, which is the
 * list shipped in the jar). Every problem is reported with where it is ("targets[3] (x.com): ...").
 */
public final class TargetListLoader {
    public static final String DEFAULT_RESOURCE = "/targets/default-targets.yaml";
    /** Transfer size when a target has a throughput URL but no size. */
    public static final long DEFAULT_THROUGHPUT_BYTES = 1024 * 1024;

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private TargetListLoader() {}

    /** The list shipped with the agent. */
    public static TargetList loadDefault() {
        try (InputStream in = TargetListLoader.class.getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + DEFAULT_RESOURCE + " missing from the class path");
            }
            return load(in, "resource " + DEFAULT_RESOURCE);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + DEFAULT_RESOURCE + ": " + e.getMessage(), e);
        }
    }

    /** @throws IllegalArgumentException naming the file and the problem */
    public static TargetList load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("target list file not found: " + file.toAbsolutePath());
        }
        try (InputStream in = Files.newInputStream(file)) {
            return load(in, file.toString());
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read target list " + file + ": " + e.getMessage(), e);
        }
    }

    /** @param source named in error messages */
    public static TargetList load(InputStream in, String source) {
        java.util.Objects.requireNonNull(in, () -> "no input stream for target list " + source);
        FileDto dto;
        try {
            dto = YAML.readValue(in, FileDto.class);
        } catch (UnrecognizedPropertyException e) {
            throw new IllegalArgumentException(
                    source + ": unknown field '" + e.getPropertyName() + "' at " + e.getPathReference() + " (known: "
                            + e.getKnownPropertyIds() + ")",
                    e);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(
                    source + ": invalid target list YAML: " + e.getOriginalMessage()
                            + (e.getLocation() != null
                                    ? " (line " + e.getLocation().getLineNr() + ")"
                                    : ""),
                    e);
        } catch (IOException e) {
            throw new IllegalArgumentException(source + ": cannot read target list: " + e.getMessage(), e);
        }
        if (dto == null) {
            throw new IllegalArgumentException(source + ": empty target list");
        }
        if (dto.targets == null || dto.targets.isEmpty()) {
            throw new IllegalArgumentException(source + ": 'targets' must list at least one target");
        }
        List<MeasurementTarget> targets = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < dto.targets.size(); i++) {
            TargetDto t = dto.targets.get(i);
            String where = source + ": targets[" + i + "]" + (t != null && t.host != null ? " (" + t.host + ")" : "");
            if (t == null) {
                throw new IllegalArgumentException(where + ": empty entry");
            }
            try {
                MeasurementTarget target = toTarget(t);
                if (!seen.add(target.platform() + " " + target.url())) {
                    throw new IllegalArgumentException(
                            "duplicate of an earlier target (" + target.platform() + ", " + target.url() + ")");
                }
                targets.add(target);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
            }
        }
        List<BlockPageFingerprint> fingerprints = new ArrayList<>();
        if (dto.blockPageFingerprints != null) {
            for (int i = 0; i < dto.blockPageFingerprints.size(); i++) {
                FingerprintDto f = dto.blockPageFingerprints.get(i);
                try {
                    if (f == null) {
                        throw new IllegalArgumentException("empty entry");
                    }
                    fingerprints.add(BlockPageFingerprint.of(f.name, f.scope, f.pattern));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(
                            source + ": blockPageFingerprints[" + i + "]: " + e.getMessage(), e);
                }
            }
        }
        if (dto.version == null || dto.version.isBlank()) {
            throw new IllegalArgumentException(source + ": 'version' is required");
        }
        return new TargetList(dto.version, targets, fingerprints);
    }

    private static MeasurementTarget toTarget(TargetDto t) {
        if (t.platform == null) {
            throw new IllegalArgumentException("'platform' is required");
        }
        if (t.host == null && t.url == null) {
            throw new IllegalArgumentException("'host' or 'url' is required");
        }
        MeasurementTarget target;
        if (t.url != null) {
            target = MeasurementTarget.of(t.platform, t.url);
            if (t.host != null && !t.host.equalsIgnoreCase(target.host())) {
                throw new IllegalArgumentException(
                        "host '" + t.host + "' differs from the url's host '" + target.host() + "'");
            }
            if (t.port != null && t.port != target.port()) {
                throw new IllegalArgumentException("port " + t.port + " differs from the url's port " + target.port());
            }
        } else {
            int port = t.port == null ? 443 : t.port;
            String scheme = port == 80 ? "http" : "https";
            String portPart = port == 80 || port == 443 ? "" : ":" + port;
            String host = t.host.indexOf(':') >= 0 ? "[" + t.host + "]" : t.host;
            target = MeasurementTarget.of(t.platform, scheme + "://" + host + portPart + "/");
        }
        if (t.throughputUrl != null) {
            long bytes = t.throughputBytes == null ? DEFAULT_THROUGHPUT_BYTES : t.throughputBytes;
            target = target.withThroughput(t.throughputUrl, bytes);
        } else if (t.throughputBytes != null) {
            throw new IllegalArgumentException("'throughputBytes' needs a 'throughputUrl'");
        }
        return target;
    }

    private static final class FileDto {
        @JsonProperty("version")
        String version;

        @JsonProperty("targets")
        List<TargetDto> targets;

        @JsonProperty("blockPageFingerprints")
        List<FingerprintDto> blockPageFingerprints;
    }

    private static final class TargetDto {
        @JsonProperty("platform")
        String platform;

        @JsonProperty("host")
        String host;

        @JsonProperty("url")
        String url;

        @JsonProperty("port")
        Integer port;

        @JsonProperty("throughputUrl")
        String throughputUrl;

        @JsonProperty("throughputBytes")
        Long throughputBytes;
    }

    private static final class FingerprintDto {
        @JsonProperty("name")
        String name;

        @JsonProperty("scope")
        String scope;

        @JsonProperty("pattern")
        String pattern;
    }
}
