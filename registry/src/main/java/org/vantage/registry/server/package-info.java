/**
 * The embedded Confluent-API-compatible Schema Registry server: REST on Javalin, state in the compacted
 * {@code _schemas} Kafka topic (Confluent's record layout), single writer.
 */
package org.vantage.registry.server;
