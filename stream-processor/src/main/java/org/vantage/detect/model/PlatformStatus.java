package org.vantage.detect.model;

import java.util.List;
import java.util.Map;

/**
 * One platform across countries: the latest verdict of each country and whether the platform is failing
 * globally (in at least {@code globalMinCountries} countries at once). Topic
 * {@code vantage.platform-status.v1}, key = platform; read back as a global table by the country stage.
 */
public record PlatformStatus(String platform, Map<String, CountryPlatformVerdict> countries, List<String> failingCountries,
        boolean global, long updatedAt) {

    public static PlatformStatus empty(String platform) {
        return new PlatformStatus(platform, Map.of(), List.of(), false, 0);
    }
}
