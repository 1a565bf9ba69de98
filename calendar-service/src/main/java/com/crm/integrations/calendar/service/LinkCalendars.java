package com.crm.integrations.calendar.service;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.crm.integrations.calendar.CalendarLink;
import com.crm.integrations.calendar.LinkState;
import com.crm.integrations.calendar.client.ProviderCalendar;
import com.crm.integrations.common.problem.ConflictException;
import com.crm.integrations.common.problem.InvalidInputException;
import com.crm.integrations.common.problem.UnavailableException;
import com.crm.integrations.common.retry.FailureCategory;
import com.crm.integrations.common.retry.ProviderCallException;
import com.crm.integrations.common.security.Caller;
import com.crm.integrations.common.slots.SlotsBusyException;
import com.crm.integrations.common.tokens.ConnectionUnusableException;

import io.smallrye.mutiny.Uni;

/** The calendars of a link's account, read from the provider as the link's user. */
@ApplicationScoped
public class LinkCalendars {

    private final CalendarLinks links;
    private final CalendarCalls calls;

    public LinkCalendars(CalendarLinks links, CalendarCalls calls) {
        this.links = links;
        this.calls = calls;
    }

    /** The account's calendars; the provider's refusals become problems the caller can act on. */
    public Uni<List<ProviderCalendar>> of(Caller caller, UUID linkId) {
        return links.find(caller, linkId).chain(this::calendarsOf);
    }

    /**
     * The calendar {@code calendarId} names for the link: {@code primary} as it is, any other only when
     * the account has it (the provider is asked when it differs from the link's).
     *
     * @throws InvalidInputException (as a failure) when the account has no such calendar
     */
    public Uni<ProviderCalendar> pick(Caller caller, UUID linkId, String calendarId) {
        return links.find(caller, linkId).chain(link -> {
            if (calendarId.equals(CalendarLink.PRIMARY) || calendarId.equals(link.calendarId)) {
                return Uni.createFrom().item(new ProviderCalendar(calendarId,
                        calendarId.equals(link.calendarId) ? link.calendarName : null, calendarId.equals(CalendarLink.PRIMARY),
                        true));
            }
            return calendarsOf(link).map(calendars -> calendars.stream().filter(calendar -> calendar.id().equals(calendarId))
                    .findFirst()
                    .orElseThrow(() -> new InvalidInputException("calendarId: the account has no calendar " + calendarId)));
        });
    }

    private Uni<List<ProviderCalendar>> calendarsOf(CalendarLink link) {
        if (link.state == LinkState.ENDED) {
            return Uni.createFrom().failure(new ConflictException("Link " + link.id + " ended with its connection"));
        }
        return calls.call(link, call -> call.api().calendars(call.token()))
                .onFailure().transform(LinkCalendars::problem);
    }

    private static Throwable problem(Throwable failure) {
        if (failure instanceof ConnectionUnusableException || failure instanceof TokenRejectedException) {
            return new ConflictException("The link's connection cannot be used until the account is reconnected");
        }
        if (failure instanceof ProviderCallException call && call.error().retryable()) {
            return new UnavailableException("The provider cannot be reached now", call.retryAfter().orElse(Duration.ofSeconds(5)));
        }
        if (failure instanceof ProviderCallException call && call.category() == FailureCategory.AUTH) {
            return new ConflictException("The provider refused the account's access: reconnect the account");
        }
        if (failure instanceof ProviderCallException call) {
            // Permanent or misconfigured: the provider refused our request and will again; nothing the caller can fix.
            return new UnavailableException("The provider refused to list the account's calendars ("
                    + (call.providerCode() == null ? "HTTP " + call.status() : call.providerCode()) + ")", Duration.ofSeconds(60));
        }
        if (failure instanceof SlotsBusyException) {
            return new UnavailableException("The calendar is busy with other requests", Duration.ofSeconds(5));
        }
        return failure;
    }
}
