package com.crm.integrations.sandbox.calendar;

import java.time.ZoneId;
import java.util.Map;
import java.util.Objects;

/**
 * What the user edits on an event (or a series): everything but its identity and history. Immutable; change one with
 * {@link #toBuilder()}.
 */
public final class EventFields {

    private final String summary;
    private final String description;
    private final String bodyType;
    private final String location;
    private final Span span;
    private final ZoneId zone;
    private final Recurrence recurrence;
    private final boolean tentative;
    private final String showAs;
    private final Map<String, String> privateProperties;

    private EventFields(Builder builder) {
        this.summary = builder.summary;
        this.description = builder.description;
        this.bodyType = builder.bodyType == null ? "text" : builder.bodyType;
        this.location = builder.location;
        this.span = Objects.requireNonNull(builder.span, "span");
        this.zone = builder.zone;
        this.recurrence = builder.recurrence;
        this.tentative = builder.tentative;
        this.showAs = builder.showAs == null ? "busy" : builder.showAs;
        this.privateProperties = builder.privateProperties == null ? Map.of() : Map.copyOf(builder.privateProperties);
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder builder = new Builder();
        builder.summary = summary;
        builder.description = description;
        builder.bodyType = bodyType;
        builder.location = location;
        builder.span = span;
        builder.zone = zone;
        builder.recurrence = recurrence;
        builder.tentative = tentative;
        builder.showAs = showAs;
        builder.privateProperties = privateProperties;
        return builder;
    }

    public String summary() {
        return summary;
    }

    public String description() {
        return description;
    }

    /** Graph's {@code body.contentType}: {@code text} or {@code html}. */
    public String bodyType() {
        return bodyType;
    }

    public String location() {
        return location;
    }

    public Span span() {
        return span;
    }

    /** The event's own zone (IANA); {@code null} when it was given with offsets only, so the calendar's zone applies. */
    public ZoneId zone() {
        return zone;
    }

    public ZoneId zoneOr(ZoneId calendarZone) {
        return zone == null ? calendarZone : zone;
    }

    public Recurrence recurrence() {
        return recurrence;
    }

    public boolean tentative() {
        return tentative;
    }

    /** Graph's {@code showAs}. */
    public String showAs() {
        return showAs;
    }

    /**
     * The event's own tags, by provider: Google's {@code extendedProperties.private} (key → value), or Graph's
     * {@code singleValueExtendedProperties} keyed by their full id ({@code String {guid} Name crmId}). One map, since an
     * event lives at one provider: both are string pairs a client sets to find its events again. The full id, not the
     * name, because Graph names a property within a property set (the GUID) and hands the id back whole.
     */
    public Map<String, String> privateProperties() {
        return privateProperties;
    }

    /** Whether moving from {@code before} to this changes when it happens (Google then bumps {@code sequence}). */
    public boolean reschedules(EventFields before) {
        return !span.equals(before.span) || !Objects.equals(zone, before.zone) || !Objects.equals(recurrence, before.recurrence);
    }

    /** Collects the fields of a new or edited event. */
    public static final class Builder {
        private String summary;
        private String description;
        private String bodyType;
        private String location;
        private Span span;
        private ZoneId zone;
        private Recurrence recurrence;
        private boolean tentative;
        private String showAs;
        private Map<String, String> privateProperties;

        private Builder() {
        }

        public Builder summary(String value) {
            summary = value;
            return this;
        }

        public Builder description(String value) {
            description = value;
            return this;
        }

        public Builder bodyType(String value) {
            bodyType = value;
            return this;
        }

        public Builder location(String value) {
            location = value;
            return this;
        }

        public Builder span(Span value) {
            span = value;
            return this;
        }

        public Span span() {
            return span;
        }

        public Builder zone(ZoneId value) {
            zone = value;
            return this;
        }

        public ZoneId zone() {
            return zone;
        }

        public Builder recurrence(Recurrence value) {
            recurrence = value;
            return this;
        }

        public Recurrence recurrence() {
            return recurrence;
        }

        public Builder tentative(boolean value) {
            tentative = value;
            return this;
        }

        public Builder showAs(String value) {
            showAs = value;
            return this;
        }

        public Builder privateProperties(Map<String, String> value) {
            privateProperties = value;
            return this;
        }

        public Map<String, String> privateProperties() {
            return privateProperties == null ? Map.of() : privateProperties;
        }

        public EventFields build() {
            return new EventFields(this);
        }
    }
}
