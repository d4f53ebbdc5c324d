/**
 * The registry's vocabulary, shared by the clients, the store of rules and the embedded server: compatibility
 * levels, registered schemas and the registry's errors.
 */
package org.vantage.registry;
