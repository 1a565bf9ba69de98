package com.crm.integrations.calendar.service;

import java.time.Instant;

import com.crm.integrations.calendar.CalendarCommand;
import com.crm.integrations.calendar.CalendarLink;
import com.crm.integrations.common.events.payload.CalendarCommandFailedV1;

/** The codes of {@code calendar.command-failed.v1}, and its payload. */
final class CommandFailures {

    /** The command's fields are not a valid event (or change). */
    static final String INVALID_COMMAND = "invalid_command";
    /** The user has no calendar link (or not the one named), and none came while the command waited. */
    static final String NO_LINK = "no_link";
    /** The user has several calendar links and the command named none of them. */
    static final String AMBIGUOUS_LINK = "ambiguous_link";
    /** The link ended with its connection (revoked). */
    static final String LINK_ENDED = "link_ended";
    /** The tenant syncs calendars import_only: nothing is written to the provider. */
    static final String IMPORT_ONLY = "import_only";
    /** An update of an activity that has no event (never created, or deleted). */
    static final String NOT_FOUND = "not_found";
    /** The provider refused the write for good (a 4xx other than the ones handled). */
    static final String PROVIDER_REFUSED = "provider_refused";
    /** The command could not be carried out before its time was up (the provider or the link kept failing). */
    static final String GAVE_UP = "gave_up";

    private CommandFailures() {
    }

    /** The event of a failed command; {@code link} is the one it was for, null when none was chosen. */
    static CalendarCommandFailedV1 event(CalendarCommand command, CalendarLink link, Instant now) {
        return new CalendarCommandFailedV1(command.commandId, command.action, command.crmEventId, command.userId,
                link == null ? null : link.id.toString(), link == null ? null : link.provider, command.failureCategory,
                command.failureCode, command.providerCode, command.failureReason, command.attempts, now);
    }

    /** {@code text} as one line of at most {@link CalendarCommandFailedV1#REASON_MAX_LENGTH} characters. */
    static String sentence(String text) {
        String line = text.replaceAll("\\s+", " ").strip();
        int max = CalendarCommandFailedV1.REASON_MAX_LENGTH;
        if (line.codePointCount(0, line.length()) <= max) {
            return line;
        }
        return line.substring(0, line.offsetByCodePoints(0, max - 1)) + "…";
    }
}
