package org.vantage.cli;

/** Terminal programs print their own progress; library logs only when something is wrong. */
final class Logging {

    private Logging() {}

    /** Selects the quiet CLI logback configuration unless the user chose one (-Dlogback.configurationFile). */
    static void quietByDefault() {
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "org/vantage/cli/cli-logback.xml");
        }
    }
}
