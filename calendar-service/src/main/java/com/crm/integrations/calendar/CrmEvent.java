package com.crm.integrations.calendar;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/**
 * A CRM activity's event in a linked calendar: which link holds it, and the key we gave the provider for it. The
 * key is derived from the tenant, the activity and its generation, so a create sent twice carries the same key
 * (Google refuses the second with 409, Graph returns the first), and an activity created again after a delete
 * gets the next generation and a new key: it never collides with its deleted predecessor.
 */
@Entity
@Table(name = "crm_event")
public class CrmEvent extends PanacheEntityBase {

    private static final char[] BASE32HEX = "0123456789abcdefghijklmnopqrstuv".toCharArray();

    @Id
    public UUID id;
    public String tenantId;
    public String crmEventId;
    public UUID linkId;
    public int generation;
    /** Google's client-chosen event id / Graph's {@code transactionId} of this generation. */
    public String providerKey;
    /** The provider's id of the event, once the create is known done. */
    public String providerEventId;
    /** The CRM deleted it (or it was gone when the CRM asked): a create starts the next generation. */
    public boolean deleted;
    @Version
    public long version;
    public Instant createdAt;
    public Instant updatedAt;

    /** The first generation of an activity's event on {@code link}. */
    public static CrmEvent first(String tenantId, String crmEventId, UUID linkId, Instant now) {
        CrmEvent event = new CrmEvent();
        event.id = UUID.randomUUID();
        event.tenantId = tenantId;
        event.crmEventId = crmEventId;
        event.createdAt = now;
        event.startGeneration(1, linkId, now);
        return event;
    }

    /** The activity is created again after a delete (perhaps on another link): a new generation, a new key. */
    public void recreate(UUID linkId, Instant now) {
        startGeneration(generation + 1, linkId, now);
    }

    /** Whether a live event is known for it (created and not deleted). */
    public boolean isLive() {
        return !deleted && providerEventId != null;
    }

    private void startGeneration(int generation, UUID linkId, Instant now) {
        this.generation = generation;
        this.linkId = linkId;
        this.providerKey = keyOf(tenantId, crmEventId, generation);
        this.providerEventId = null;
        this.deleted = false;
        this.updatedAt = now;
    }

    /**
     * The id we give the provider for a generation of an activity: {@code crm} and 26 base32hex characters (a–v,
     * 0–9) of a SHA-256 over tenant, activity and generation, 130 bits, so Google takes it as an event id (5–1024
     * characters of base32hex) and Graph as a {@code transactionId}; no CRM id shows in it.
     */
    public static String keyOf(String tenantId, String crmEventId, int generation) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(tenantId.getBytes(StandardCharsets.UTF_8));
            sha256.update((byte) 0);
            sha256.update(crmEventId.getBytes(StandardCharsets.UTF_8));
            sha256.update((byte) 0);
            sha256.update(ByteBuffer.allocate(4).putInt(generation).array());
            byte[] digest = sha256.digest();
            StringBuilder key = new StringBuilder("crm");
            int buffer = 0;
            int bits = 0;
            for (int i = 0; key.length() < 3 + 26; ) {
                if (bits < 5) {
                    buffer = (buffer << 8) | (digest[i++] & 0xff);
                    bits += 8;
                }
                key.append(BASE32HEX[(buffer >> (bits - 5)) & 31]);
                bits -= 5;
            }
            return key.toString();
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("Every JVM has SHA-256", impossible);
        }
    }
}
