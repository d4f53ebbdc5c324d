/**
 * Kafka serializer, deserializer and Kafka Streams serde for Avro in Confluent's wire format (magic byte 0,
 * 4-byte big-endian schema id, Avro binary), with topic-name subjects and reader-schema resolution.
 */
package org.vantage.registry.serde;
