package com.crm.integrations.calendar;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;
import java.util.UUID;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/**
 * An event of a linked calendar as last seen at the provider: one row per occurrence of a recurring
 * series, keyed by the provider's id and, for occurrences, by series id and original start too.
 */
@Entity
@Table(name = "synced_event")
public class SyncedEvent extends PanacheEntityBase {

    @Id
    public UUID id;
    public UUID linkId;
    public String tenantId;
    public String providerEventId;
    public String icalUid;
    /** Google's etag, Graph's changeKey: changes on every edit, and recognises our own writes when they come back. */
    public String etag;
    public String title;
    public String status;
    public boolean allDay;
    public Instant startsAt;
    public Instant endsAt;
    public LocalDate startDate;
    public LocalDate endDate;
    public String timeZone;
    public String seriesId;
    public Instant originalStart;
    public String crmEventId;
    public Instant providerUpdatedAt;
    /** The last full listing that returned it; what a complete listing did not return is deleted after it. */
    public UUID seenRun;
    /**
     * The version the CRM knows (the one we wrote or last published). An {@link #etag} other than this is a provider
     * change held back while a CRM command for the event is open; the command settles it.
     */
    public String crmEtag;
    /** The provider removed it while a CRM command for it was open: kept until the command settles it. */
    public boolean removedAtProvider;
    public Instant createdAt;
    public Instant updatedAt;
    @Version
    public long version;

    /** Whether the CRM has been told of the version stored. */
    public boolean crmKnowsIt() {
        return !removedAtProvider && Objects.equals(etag, crmEtag);
    }
}
