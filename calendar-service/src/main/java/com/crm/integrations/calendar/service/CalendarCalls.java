package com.crm.integrations.calendar.service;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import com.crm.integrations.calendar.CalendarLink;
import com.crm.integrations.calendar.client.CalendarApi;
import com.crm.integrations.calendar.config.CalendarConfig;
import com.crm.integrations.common.events.payload.CalendarProvider;
import com.crm.integrations.common.retry.FailureCategory;
import com.crm.integrations.common.retry.ProviderCallException;
import com.crm.integrations.common.slots.CallPermits;
import com.crm.integrations.common.tokens.AccessTokens;

import io.smallrye.mutiny.Uni;

/**
 * Calls a link's provider as its user: with a token from token-service, within the mailbox's
 * concurrency across replicas. A 401 is reported to token-service and the call retried once with the
 * token it answers; when token-service confirms the refusal the call fails with
 * {@link TokenRejectedException} and the user must reconnect.
 */
@ApplicationScoped
public class CalendarCalls {

    private final AccessTokens tokens;
    private final CallPermits permits;
    private final Map<CalendarProvider, CalendarApi> apis = new EnumMap<>(CalendarProvider.class);
    private final Map<CalendarProvider, Integer> limits = new EnumMap<>(CalendarProvider.class);
    private final Map<CalendarProvider, Duration> leases = new EnumMap<>(CalendarProvider.class);

    public CalendarCalls(AccessTokens tokens, CallPermits permits, Instance<CalendarApi> apis, CalendarConfig config) {
        this.tokens = tokens;
        this.permits = permits;
        apis.forEach(api -> this.apis.put(api.provider(), api));
        for (CalendarProvider provider : List.of(CalendarProvider.GOOGLE, CalendarProvider.MICROSOFT)) {
            CalendarConfig.Provider settings = provider == CalendarProvider.GOOGLE ? config.google() : config.microsoft();
            limits.put(provider, settings.mailboxConcurrency());
            // A slot outlives the longest call, retries included, so only a dead replica's slot lapses.
            leases.put(provider, settings.http().maxDuration().plusSeconds(30));
        }
    }

    /**
     * The mailbox a link's calls count against, the key of their call slots ({@link CallPermits}): the provider account, or
     * the connection when the account is unknown.
     */
    public static String mailboxOf(CalendarLink link) {
        return link.provider.wireName() + ':' + (link.accountFingerprint != null ? link.accountFingerprint : link.connectionId);
    }

    /** Runs {@code call} against the link's provider API with its user's token, holding one of the mailbox's slots. */
    public <T> Uni<T> call(CalendarLink link, Function<Call, Uni<T>> call) {
        return call(link, call, false);
    }

    /**
     * Runs {@code call} holding all of the mailbox's slots: a provider batch, whose requests run at once (Graph runs four
     * of a {@code $batch}'s at a time, the mailbox's whole allowance), so no sync or command call of the user adds to it.
     */
    public <T> Uni<T> callExclusive(CalendarLink link, Function<Call, Uni<T>> call) {
        return call(link, call, true);
    }

    private <T> Uni<T> call(CalendarLink link, Function<Call, Uni<T>> call, boolean exclusive) {
        CalendarProvider provider = link.provider;
        CalendarApi api = apis.get(provider);
        String connectionId = link.connectionId;
        String mailbox = mailboxOf(link);
        return tokens.token(connectionId)
                .chain(token -> permitted(provider, mailbox, exclusive, () -> call.apply(new Call(api, token))))
                .onFailure(failure -> refusedBy(provider, failure)).recoverWithUni(refused -> tokens.reportRejection(connectionId)
                        .chain(fresh -> fresh.isEmpty()
                                ? Uni.createFrom().failure(new TokenRejectedException(connectionId))
                                : permitted(provider, mailbox, exclusive, () -> call.apply(new Call(api, fresh.get().accessToken())))));
    }

    /** The most calls one batch request to the link's provider holds. */
    public int batchSize(CalendarLink link) {
        return apis.get(link.provider).batchSize();
    }

    /** One call's API and token. */
    public record Call(CalendarApi api, String token) {
        @Override
        public String toString() {
            return "Call[" + api.provider().wireName() + "]";
        }
    }

    private <T> Uni<T> permitted(CalendarProvider provider, String mailbox, boolean exclusive, Supplier<Uni<T>> call) {
        return exclusive ? permits.runExclusive(mailbox, limits.get(provider), leases.get(provider), call)
                : permits.run(mailbox, limits.get(provider), leases.get(provider), call);
    }

    /** Whether the provider itself (not token-service, refusing our own service token) refused the user's token. */
    private static boolean refusedBy(CalendarProvider provider, Throwable failure) {
        return failure instanceof ProviderCallException call && call.status() == 401
                && call.category() == FailureCategory.AUTH && provider.wireName().equals(call.provider());
    }
}
