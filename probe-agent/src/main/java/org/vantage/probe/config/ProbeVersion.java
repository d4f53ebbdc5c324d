package org.vantage.probe.config;

/** Version string the probe reports in measurements and heartbeats (from the jar manifest when packaged). */
public final class ProbeVersion {

    public static final String VERSION = resolve();

    private ProbeVersion() {}

    private static String resolve() {
        String v = ProbeVersion.class.getPackage().getImplementationVersion();
        return v == null ? "0.1.0-SNAPSHOT" : v;
    }
}
