/**
 * Schema Registry clients: {@link org.vantage.registry.client.SchemaRegistryClient}, its REST implementation
 * for Confluent Schema Registry and compatible servers (caching, timeouts, retries with backoff, basic auth,
 * TLS), and the in-memory one selected by {@code mock://scope}. {@link
 * org.vantage.registry.client.SchemaRegistryClients#create} picks one from a Kafka-style config map.
 */
package org.vantage.registry.client;
