/**
 * The OONI bridge: reads OONI's measurements API, maps each measurement of a platform or reference site
 * to a {@code Measurement} with {@code source = OONI}, and publishes it to {@code vantage.measurements.v1}
 * exactly once.
 */
package org.vantage.ooni;
