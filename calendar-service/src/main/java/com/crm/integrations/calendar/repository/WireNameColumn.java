package com.crm.integrations.calendar.repository;

import jakarta.persistence.AttributeConverter;

import com.crm.integrations.common.events.payload.WireNamed;

/**
 * Stores an enum by its wire name ({@code needs_reauth}), as the API and the events spell it, so the
 * database reads the same as the rest of the system. Each enum column has a concrete subclass.
 */
public abstract class WireNameColumn<E extends Enum<E> & WireNamed> implements AttributeConverter<E, String> {

    private final Class<E> type;

    protected WireNameColumn(Class<E> type) {
        this.type = type;
    }

    @Override
    public String convertToDatabaseColumn(E value) {
        return value == null ? null : value.wireName();
    }

    @Override
    public E convertToEntityAttribute(String column) {
        return column == null ? null : WireNamed.fromWireName(type, column);
    }
}
