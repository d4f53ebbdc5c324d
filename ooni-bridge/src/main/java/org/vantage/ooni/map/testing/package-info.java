/** Synthetic OONI-format documents for end-to-end tests and the demo; never OONI data. */
package org.vantage.ooni.map.testing;
