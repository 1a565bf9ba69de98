package com.crm.integrations.sandbox.mailchimp;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * An audience ("list" in the API) of a data centre: its members in the order they were added (indexed by subscriber
 * hash), its webhooks and its campaigns (created through the API, or reported through the control API). Not thread-safe: {@code MailchimpStore} runs all work on one
 * audience under the audience's lock.
 */
public final class Audience {

    /** A merge tag: an upper-case letter, then up to 9 upper-case letters, digits and {@code _} (the length limit is [unconf]). */
    public static final Pattern MERGE_TAG = Pattern.compile("[A-Z][A-Z0-9_]{0,9}");

    private final String id;
    private final long webId;
    private final String dc;
    private final String name;
    private final Instant createdAt;
    private final List<MergeField> mergeFields;
    private final List<InterestCategory> categories;
    private final Map<Long, Member> bySeq = new TreeMap<>();
    private final Map<String, Member> byHash = new HashMap<>();
    private final Map<String, Webhook> webhooks = new LinkedHashMap<>();
    private final Map<String, Campaign> campaigns = new LinkedHashMap<>();
    private final Map<String, Integer> tagIds = new HashMap<>();
    private long nextSeq = 1;

    /**
     * @param mergeFields the audience's merge fields besides {@code EMAIL}, in their order ({@code FNAME}, {@code LNAME}, …);
     *        none: the audience takes any merge tag (see {@link #knowsMergeTag})
     */
    public Audience(String id, long webId, String dc, String name, Instant createdAt, List<MergeField> mergeFields,
            List<InterestCategory> categories) {
        this.id = id;
        this.webId = webId;
        this.dc = dc;
        this.name = name;
        this.createdAt = createdAt;
        this.mergeFields = List.copyOf(mergeFields);
        this.categories = List.copyOf(categories);
    }

    public String id() {
        return id;
    }

    public long webId() {
        return webId;
    }

    public String dc() {
        return dc;
    }

    public String name() {
        return name;
    }

    public Instant createdAt() {
        return createdAt;
    }

    /** The tags of its merge fields, in their order. */
    public List<String> mergeTags() {
        return mergeFields.stream().map(MergeField::tag).toList();
    }

    /** The tags of the merge fields a member must have. */
    public List<String> requiredMergeTags() {
        return mergeFields.stream().filter(MergeField::required).map(MergeField::tag).toList();
    }

    /**
     * Whether a member may carry this merge tag: one of the audience's, or, for an audience made without merge fields (the
     * stand-in models none), any well-formed tag.
     */
    public boolean knowsMergeTag(String tag) {
        return mergeFields.isEmpty() ? tag != null && MERGE_TAG.matcher(tag).matches() : mergeTags().contains(tag);
    }

    /** The merge tags to show for a member: the audience's, or the member's own where the audience models none. */
    public List<String> mergeTagsOf(Member member) {
        return mergeFields.isEmpty() ? List.copyOf(member.mergeFields().keySet()) : mergeTags();
    }

    public List<InterestCategory> categories() {
        return categories;
    }

    /** The interest of that id in any category. */
    public Optional<Interest> interest(String interestId) {
        return categories.stream().flatMap(category -> category.interests().stream())
                .filter(interest -> interest.id().equals(interestId)).findFirst();
    }

    /** The number {@link #add} gives the next member. */
    public long nextSeq() {
        return nextSeq;
    }

    public Optional<Member> member(String hash) {
        return Optional.ofNullable(byHash.get(hash));
    }

    public Optional<Member> memberByEmail(String email) {
        return member(Member.hashOf(email));
    }

    /** In the order they were added. */
    public Collection<Member> members() {
        return Collections.unmodifiableCollection(bySeq.values());
    }

    public void add(Member member) {
        bySeq.put(member.seq(), member);
        byHash.put(member.hash(), member);
        nextSeq = Math.max(nextSeq, member.seq() + 1);
    }

    public void remove(Member member) {
        bySeq.remove(member.seq());
        byHash.remove(member.hash());
    }

    /** Gives the member its new address (and id), keeping its place in the order. */
    public void changeEmail(Member member, String newEmail, String newUniqueEmailId) {
        byHash.remove(member.hash());
        member.changeEmail(newEmail, newUniqueEmailId);
        byHash.put(member.hash(), member);
    }

    public long count(MemberStatus status) {
        return bySeq.values().stream().filter(member -> member.status() == status).count();
    }

    /** The numeric id the API shows for a tag name, made on first use. */
    public int tagId(String tag) {
        return tagIds.computeIfAbsent(tag, name -> 1000 + tagIds.size() + 1);
    }

    public Collection<Webhook> webhooks() {
        return Collections.unmodifiableCollection(webhooks.values());
    }

    public Optional<Webhook> webhook(String webhookId) {
        return Optional.ofNullable(webhooks.get(webhookId));
    }

    /** Adds or replaces it. */
    public void put(Webhook webhook) {
        webhooks.put(webhook.id(), webhook);
    }

    public void removeWebhook(String webhookId) {
        webhooks.remove(webhookId);
    }

    public Optional<Webhook> webhookWithUrl(String url) {
        return webhooks.values().stream().filter(webhook -> webhook.url().equals(url)).findFirst();
    }

    /** Adds it, or replaces the one of the same id. */
    public void put(Campaign campaign) {
        campaigns.put(campaign.id(), campaign);
    }

    public Optional<Campaign> campaign(String campaignId) {
        return Optional.ofNullable(campaigns.get(campaignId));
    }

    /** In the order they were added. */
    public List<Campaign> campaigns() {
        return new ArrayList<>(campaigns.values());
    }
}
