package org.vantage.cli;

import java.util.Locale;
import picocli.CommandLine;

/** Country arguments: ISO 3166-1 alpha-2 in any case, upper case out; anything else is a usage error. */
final class Countries implements CommandLine.ITypeConverter<String> {

    @Override
    public String convert(String input) {
        String cc = input.trim().toUpperCase(Locale.ROOT);
        if (!cc.matches("[A-Z]{2}")) {
            throw new CommandLine.TypeConversionException(
                    "country must be a two-letter ISO 3166-1 code such as PK, got '" + input + "'");
        }
        return cc;
    }
}
