/**
 * The registry's rules without I/O: subjects, versions, global ids and compatibility (Avro's checker),
 * shared by the in-memory client and the embedded server.
 */
package org.vantage.registry.store;
