/**
 * The payloads of the events in {@link com.crm.integrations.common.events.EventType}: one record per type and
 * version ({@code …V1}), serialised as a JSON object by Quarkus' ObjectMapper (timestamps as ISO-8601 strings,
 * enums as their lower-case wire values). docs/asyncapi.yaml describes the same payloads, and a test holds the two
 * together. Payloads never carry tokens, secrets or keys.
 */
package com.crm.integrations.common.events.payload;
