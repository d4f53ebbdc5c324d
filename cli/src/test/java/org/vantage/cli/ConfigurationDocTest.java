package org.vantage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.vantage.config.Setting;
import org.vantage.config.Settings;

class ConfigurationDocTest {

    /** The checked-in reference, relative to the cli module (Maven runs tests there). */
    static final Path DOC = Path.of("..", "docs", "configuration.md");

    @Test
    void theCheckedInReferenceIsTheOneGeneratedFromTheDeclarations() throws Exception {
        String generated = ConfigurationDoc.render();
        if (Boolean.getBoolean("vantage.docs.write")) {
            ConfigurationDoc.main(new String[] {DOC.toString()});
        }
        String checkedIn = Files.exists(DOC) ? Files.readString(DOC, StandardCharsets.UTF_8) : "";
        assertThat(checkedIn)
                .as("docs/configuration.md differs from the settings' declarations; regenerate it with%n"
                        + "  mvn -B -pl cli -am test -Dtest=ConfigurationDocTest -Dsurefire.failIfNoSpecifiedTests=false "
                        + "-Dvantage.docs.write=true%nand commit the result")
                .isEqualTo(generated);
    }

    @Test
    void everyVariableTheMainCodeReadsIsDeclared() throws Exception {
        Set<String> declared = new HashSet<>();
        for (Settings app : ConfigurationDoc.applications()) {
            for (Setting<?> s : app.all()) {
                if (s.env() != null) {
                    declared.add(s.env());
                }
                declared.addAll(s.envAliases());
            }
        }
        Pattern variable = Pattern.compile("\"(VANTAGE_[A-Z_]+)\"");
        Set<String> used = new HashSet<>();
        try (Stream<Path> files = Files.walk(Path.of(".."))) {
            for (Path f : files.filter(
                            p -> p.toString().endsWith(".java") && p.toString().contains("/src/main/"))
                    .toList()) {
                Matcher m = variable.matcher(Files.readString(f));
                while (m.find()) {
                    used.add(m.group(1));
                }
            }
        }
        assertThat(declared)
                .as("variables named in main code but not declared as settings")
                .containsAll(used);
    }
}
