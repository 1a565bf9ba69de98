package com.crm.integrations.sandbox.mailchimp.service;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import jakarta.inject.Singleton;

import com.crm.integrations.sandbox.mailchimp.Audience;
import com.crm.integrations.sandbox.mailchimp.Member;
import com.crm.integrations.sandbox.mailchimp.MemberStatus;
import com.crm.integrations.sandbox.mailchimp.config.MailchimpListsConfig;

/**
 * The Marketing API's reads of audiences and members (PROVIDERS.md §5.3) in data centre {@code dc}. An audience of
 * another data centre is not there (404); a subscriber hash must be 32 lower-case hex digits, the MD5 of the trimmed,
 * lower-cased address, or the member is not found.
 */
@Singleton
public class MarketingReads {

    private static final String TOTAL_ITEMS = "total_items";

    private final MailchimpStore store;
    private final MailchimpListsConfig config;

    MarketingReads(MailchimpStore store, MailchimpListsConfig config) {
        this.store = store;
        this.config = config;
    }

    /** {@code {"lists":[…],"total_items","_links"}}, oldest first. */
    public Map<String, Object> audiences(String dc, String count, String offset) {
        Paging paging = Paging.of(count, offset, config);
        List<Audience> all = store.inDc(dc);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("lists", paging.page(all).stream().map(audience -> store.locked(audience, MarketingJson::audience)).toList());
        body.put(TOTAL_ITEMS, all.size());
        body.put("_links", List.of());
        return body;
    }

    public Map<String, Object> audience(String dc, String listId) {
        return store.locked(find(dc, listId), MarketingJson::audience);
    }

    /**
     * {@code {"members":[…],"list_id","total_items","_links"}} in the order they were added.
     *
     * @param status one status only, or {@code null}; {@code sinceLastChanged} ISO 8601 with an offset: members changed
     *        then or later (Mailchimp says "after" [unconf: whether the instant itself counts]), or {@code null}
     */
    public Map<String, Object> members(String dc, String listId, String count, String offset, String status, String sinceLastChanged) {
        Audience audience = find(dc, listId);
        Paging paging = Paging.of(count, offset, config);
        Predicate<Member> filter = statusFilter(status).and(changedSince(sinceLastChanged));
        return store.locked(audience, locked -> {
            List<Member> matching = locked.members().stream().filter(filter).toList();
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("members", paging.page(matching).stream().map(member -> MarketingJson.member(locked, member)).toList());
            body.put("list_id", locked.id());
            body.put(TOTAL_ITEMS, matching.size());
            body.put("_links", List.of());
            return body;
        });
    }

    public Map<String, Object> member(String dc, String listId, String subscriberHash) {
        Audience audience = find(dc, listId);
        if (subscriberHash == null || !MailchimpIds.SUBSCRIBER_HASH.matcher(subscriberHash).matches()) {
            throw MailchimpErrors.notFound();
        }
        return store.locked(audience, locked -> locked.member(subscriberHash).map(member -> MarketingJson.member(locked, member))
                .orElseThrow(MailchimpErrors::notFound));
    }

    /** The audience of data centre {@code dc}, else 404 {@code Resource Not Found}. */
    private Audience find(String dc, String listId) {
        return store.find(dc, listId).orElseThrow(MailchimpErrors::notFound);
    }

    private static Predicate<Member> statusFilter(String status) {
        if (status == null) {
            return member -> true;
        }
        MemberStatus wanted = MemberStatus.ofWireName(status)
                .orElseThrow(() -> MailchimpErrors.invalidField("status", "Value must be one of: subscribed, unsubscribed, cleaned, pending, transactional, archived"));
        return member -> member.status() == wanted;
    }

    private static Predicate<Member> changedSince(String since) {
        if (since == null) {
            return member -> true;
        }
        Instant from;
        try {
            from = OffsetDateTime.parse(since.trim()).toInstant();
        } catch (DateTimeParseException notIso) {
            throw MailchimpErrors.invalidField("since_last_changed", "This value should be an ISO 8601 date-time such as 2026-12-01T10:15:30+00:00.");
        }
        return member -> !member.lastChanged().isBefore(from);
    }
}
