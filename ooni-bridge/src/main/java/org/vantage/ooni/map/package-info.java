/**
 * Mapping of OONI raw measurements to Vantage {@code Measurement}s: {@link org.vantage.ooni.map.OoniMapper}
 * returns a {@link org.vantage.ooni.map.Mapping} (a measurement or a {@link org.vantage.ooni.map.SkipReason}).
 * Everything else in the package is its package-private decision logic.
 */
package org.vantage.ooni.map;
