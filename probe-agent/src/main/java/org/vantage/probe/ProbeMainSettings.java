package org.vantage.probe;

import org.vantage.config.Settings;

/** The settings of the probe agent's commands other than the probe's own, for the configuration reference. */
public final class ProbeMainSettings {

    private ProbeMainSettings() {}

    /** Where {@code simulate} publishes. */
    public static Settings simulator() {
        return ProbeMain.SimulateCommand.SETTINGS;
    }
}
