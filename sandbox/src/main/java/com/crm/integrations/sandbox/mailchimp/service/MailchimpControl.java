package com.crm.integrations.sandbox.mailchimp.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import com.crm.integrations.sandbox.error.InvalidRequestException;
import com.crm.integrations.sandbox.error.NotFoundException;
import com.crm.integrations.sandbox.mailchimp.Audience;
import com.crm.integrations.sandbox.mailchimp.Interest;
import com.crm.integrations.sandbox.mailchimp.InterestCategory;
import com.crm.integrations.sandbox.mailchimp.Member;
import com.crm.integrations.sandbox.mailchimp.MemberSeed;
import com.crm.integrations.sandbox.mailchimp.MergeField;
import com.crm.integrations.sandbox.mailchimp.config.MailchimpListsConfig;
import com.crm.integrations.sandbox.provider.service.MailchimpApi;
import com.crm.integrations.sandbox.provider.service.SandboxClock;

/**
 * What the account's owner does outside the API, for the control API: create audiences (with merge fields and interest
 * groups), seed members without posting webhooks, and read the stand-in's truth. Member actions go through
 * {@link MemberChanges}.
 */
@Singleton
public class MailchimpControl {

    private static final Logger LOG = Logger.getLogger(MailchimpControl.class);
    private static final List<String> DEFAULT_MERGE_TAGS = List.of("FNAME", "LNAME");

    /** An interest category as the control API names it: ids may be absent (then made). */
    public record CategoryInput(String id, String title, List<Interest> interests) {
    }

    private final MailchimpStore store;
    private final SandboxClock clock;
    private final MailchimpListsConfig config;

    MailchimpControl(MailchimpStore store, SandboxClock clock, MailchimpListsConfig config) {
        this.store = store;
        this.clock = clock;
        this.config = config;
    }

    /**
     * A new audience in data centre {@code dc}.
     *
     * @param id {@code null}: 10 lower-case letters and digits are made; {@code mergeTags} {@code null}: FNAME, LNAME
     * @param requiredTags those of {@code mergeTags} a member must have ({@code null}: none)
     */
    public Map<String, Object> createAudience(String dc, String name, String id, List<String> mergeTags, List<String> requiredTags,
            List<CategoryInput> categories) {
        if (dc == null || !MailchimpApi.DATA_CENTRE.matcher(dc).matches()) {
            throw new InvalidRequestException("dc must be a data centre such as us14");
        }
        if (name == null || name.isBlank()) {
            throw new InvalidRequestException("name is required");
        }
        if (id != null && !MailchimpIds.LIST_ID.matcher(id).matches()) {
            throw new InvalidRequestException("id must be 1-32 letters and digits");
        }
        List<String> tags = mergeTags == null ? DEFAULT_MERGE_TAGS : mergeTags;
        if (tags.contains("EMAIL") || tags.stream().anyMatch(tag -> tag == null || !Audience.MERGE_TAG.matcher(tag).matches())
                || tags.stream().distinct().count() != tags.size()) {
            throw new InvalidRequestException("mergeFields must be distinct tags of 1-10 upper-case letters, digits and _, not EMAIL");
        }
        List<String> required = requiredTags == null ? List.of() : requiredTags;
        if (!tags.containsAll(required)) {
            throw new InvalidRequestException("requiredMergeFields must be some of mergeFields");
        }
        List<MergeField> fields = tags.stream().map(tag -> new MergeField(tag, required.contains(tag))).toList();
        Audience audience = store.add(new Audience(id == null ? MailchimpIds.listId() : id, MailchimpIds.webId(), dc, name.trim(),
                clock.now(), fields, categories(categories)));
        return view(audience);
    }

    public Map<String, Object> audienceView(String listId) {
        return view(audience(listId));
    }

    /** Adds the members as they are, posting nothing; all or none. */
    public List<Map<String, Object>> seed(String listId, List<MemberSeed> seeds) {
        if (seeds.isEmpty() || seeds.size() > config.maxSeedCount()) {
            throw new InvalidRequestException("members must hold 1 to " + config.maxSeedCount() + " members");
        }
        Audience audience = audience(listId);
        List<Map<String, Object>> added = store.locked(audience, locked -> {
            List<Member> members = new ArrayList<>();
            try {
                Instant now = clock.now();
                for (MemberSeed seed : seeds) {
                    members.add(MemberEdits.seed(locked, seed.email(), seed.status(), seed.mergeFields(), seed.interests(),
                            seed.lastChanged() == null ? now : seed.lastChanged()));
                }
            } catch (RuntimeException refused) {
                members.forEach(locked::remove);
                throw refused;
            }
            return members.stream().map(MailchimpControl::seeded).toList();
        });
        LOG.infof("Mailchimp members seeded: list=%s count=%d", listId, added.size());
        return added;
    }

    /** Every member as the API shows it, in the order they were added. */
    public List<Map<String, Object>> members(String listId) {
        return store.locked(audience(listId), locked -> locked.members().stream().map(member -> MarketingJson.member(locked, member)).toList());
    }

    /** The member of that address as the API shows it (tags included). @throws NotFoundException when there is none */
    public Map<String, Object> member(String listId, String email) {
        return store.locked(audience(listId), locked -> locked.memberByEmail(email).map(member -> MarketingJson.member(locked, member))
                .orElseThrow(() -> new NotFoundException("no member " + email + " in Mailchimp audience " + listId)));
    }

    /** @throws NotFoundException when no audience has that id */
    public Audience audience(String listId) {
        return store.find(listId).orElseThrow(() -> new NotFoundException("no Mailchimp audience " + listId));
    }

    private static Map<String, Object> seeded(Member member) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("email", member.email());
        view.put("id", member.hash());
        view.put("uniqueEmailId", member.uniqueEmailId());
        return view;
    }

    private static List<InterestCategory> categories(List<CategoryInput> inputs) {
        List<InterestCategory> categories = new ArrayList<>();
        for (CategoryInput input : inputs == null ? List.<CategoryInput>of() : inputs) {
            if (input == null || input.title() == null || input.title().isBlank() || input.interests() == null || input.interests().isEmpty()) {
                throw new InvalidRequestException("each interest category needs a title and interests");
            }
            List<Interest> interests = new ArrayList<>();
            for (Interest interest : input.interests()) {
                if (interest == null || interest.name() == null || interest.name().isBlank()) {
                    throw new InvalidRequestException("each interest needs a name");
                }
                interests.add(new Interest(interest.id() == null ? MailchimpIds.tenHex() : interest.id(), interest.name()));
            }
            categories.add(new InterestCategory(input.id() == null ? MailchimpIds.tenHex() : input.id(), 1000 + categories.size() + 1,
                    input.title(), interests));
        }
        return categories;
    }

    private Map<String, Object> view(Audience audience) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", audience.id());
        view.put("webId", audience.webId());
        view.put("dc", audience.dc());
        view.put("name", audience.name());
        view.put("mergeFields", audience.mergeTags());
        view.put("requiredMergeFields", audience.requiredMergeTags());
        view.put("interestCategories", audience.categories().stream().map(category -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("id", category.id());
            entry.put("groupingId", category.groupingId());
            entry.put("title", category.title());
            entry.put("interests", category.interests());
            return entry;
        }).toList());
        return view;
    }
}
