package com.crm.integrations.status.repository;

/** The statements of this package that a benchmark runs itself, to time PostgreSQL's share of a request. */
public final class StatusStatements {

    /** The status read of one tenant ({@link StatusRows#facts}): $1 tenant, $2 user ({@code null}: every owner). */
    public static final String FACTS = StatusRows.FACTS;

    private StatusStatements() {
    }
}
