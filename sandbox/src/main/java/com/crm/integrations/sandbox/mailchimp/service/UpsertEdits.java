package com.crm.integrations.sandbox.mailchimp.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import com.crm.integrations.sandbox.mailchimp.Audience;
import com.crm.integrations.sandbox.mailchimp.Member;
import com.crm.integrations.sandbox.mailchimp.MemberChange;
import com.crm.integrations.sandbox.mailchimp.MemberChange.Tags;
import com.crm.integrations.sandbox.mailchimp.MemberChange.Upsert;
import com.crm.integrations.sandbox.mailchimp.MemberChange.UnsubscribeAction;
import com.crm.integrations.sandbox.mailchimp.MemberInput;
import com.crm.integrations.sandbox.mailchimp.MemberStatus;
import com.crm.integrations.sandbox.mailchimp.Source;
import com.crm.integrations.sandbox.mailchimp.WebhookEvent;

/**
 * The API's member writes applied to an audience under its lock (PROVIDERS.md §5.3): the upsert of
 * {@code PUT …/members/{hash}}, {@code POST …/members} and batch subscribe, and tags. Everything is checked before the member changes, so a
 * refused write leaves it as it was. Mailchimp's compliance rules hold here, unlike for the control API's subscriber: an
 * {@code unsubscribed} member cannot be set to {@code subscribed} (only {@code pending}, double opt-in), a
 * {@code cleaned} one to neither. A write that changes nothing leaves {@code last_changed} alone.
 */
final class UpsertEdits {

    private UpsertEdits() {
    }

    static MemberEdits.Result upsert(Audience audience, Upsert change, Instant now, SignupLimits signups) {
        MemberInput input = change.input();
        if (input.emailAddress() != null && !Member.hashOf(input.emailAddress()).equals(change.subscriberHash())) {
            throw MailchimpErrors.invalidField("email_address",
                    "The subscriber hash in the URL is not the MD5 hash of the lower-cased, trimmed email_address.");
        }
        Member member = audience.member(change.subscriberHash()).orElse(null);
        if (member != null && change.write() == MemberChange.Write.CREATE) {
            throw MailchimpErrors.memberExists(member.email());
        }
        return member == null ? create(audience, change, now, signups) : update(audience, member, change, now, signups);
    }

    /** Adds and removes the tags named; fires nothing. @throws com.crm.integrations.sandbox.provider.ProviderRefusal 404 for an unknown member */
    static MemberEdits.Result tags(Audience audience, Tags change, Instant now) {
        Member member = audience.member(change.subscriberHash()).orElseThrow(MailchimpErrors::notFound);
        List<String> tags = new ArrayList<>(member.tags());
        for (MemberChange.TagChange tag : change.tags()) {
            if (!tag.active()) {
                tags.remove(tag.name());
            } else if (!tags.contains(tag.name())) {
                tags.add(tag.name());
            }
        }
        if (!tags.equals(member.tags())) {
            member.setTags(tags);
            member.changed(now); // tags are the member's data too [unconf: whether Mailchimp moves last_changed]
        }
        return new MemberEdits.Result(member, List.of());
    }

    private static MemberEdits.Result create(Audience audience, Upsert change, Instant now, SignupLimits signups) {
        MemberInput input = change.input();
        List<MailchimpErrors.FieldError> missing = new ArrayList<>();
        if (input.emailAddress() == null || input.emailAddress().isBlank()) {
            missing.add(new MailchimpErrors.FieldError("email_address", "This value should not be blank."));
        }
        MemberStatus status = change.write().newStatus(input);
        if (status == null) {
            missing.add(new MailchimpErrors.FieldError(change.write().newStatusField(), "This value should not be blank."));
        }
        if (!missing.isEmpty()) {
            throw MailchimpErrors.invalidFields(missing);
        }
        String email = input.emailAddress().trim();
        if (!MemberChange.EMAIL.matcher(email).matches()) {
            throw MailchimpErrors.invalid(email + " looks fake or invalid, please enter a real email address.");
        }
        Map<String, Object> mergeFields = ProfileRules.mergeFields(audience, Map.of(), input.profile().mergeFields(), change.skipMergeValidation());
        ProfileRules.interests(audience, input.profile().interests());
        if (signsUp(null, status)) {
            signups.admit(email, now);
        }
        Member member = MemberEdits.newMember(audience, email, status, now);
        MemberInput.Signup signup = input.signup();
        member.signedUp(signup.ipSignup(), or(signup.timestampSignup(), now), Source.API.memberSource());
        if (status == MemberStatus.SUBSCRIBED) {
            member.optedIn(signup.ipOpt(), or(signup.timestampOpt(), now));
        }
        profile(member, input.profile(), mergeFields);
        audience.add(member);
        return new MemberEdits.Result(member, status == MemberStatus.SUBSCRIBED ? List.of(WebhookPayloads.subscribe(audience, member, now)) : List.of());
    }

    private static MemberEdits.Result update(Audience audience, Member member, Upsert change, Instant now, SignupLimits signups) {
        MemberInput input = change.input();
        MemberStatus before = member.status();
        MemberStatus target = input.status() == null || input.status() == before ? null : input.status();
        if (target == MemberStatus.SUBSCRIBED && (before == MemberStatus.UNSUBSCRIBED || before == MemberStatus.CLEANED)
                || target == MemberStatus.PENDING && before == MemberStatus.CLEANED) {
            throw MailchimpErrors.complianceState(member.email());
        }
        Map<String, Object> mergeFields = ProfileRules.mergeFields(audience, member.mergeFields(), input.profile().mergeFields(),
                change.skipMergeValidation());
        ProfileRules.interests(audience, input.profile().interests());
        if (target != null && signsUp(before, target)) {
            signups.admit(member.email(), now);
        }
        Map<String, Object> fieldsBefore = new LinkedHashMap<>(member.mergeFields());
        Set<String> interestsBefore = new LinkedHashSet<>(member.interests());
        List<Object> restBefore = List.of(member.language(), member.vip(), member.emailType());
        profile(member, input.profile(), mergeFields);
        boolean profileChanged = !fieldsBefore.equals(member.mergeFields()) || !interestsBefore.equals(member.interests());
        boolean changed = target != null || profileChanged || !restBefore.equals(List.of(member.language(), member.vip(), member.emailType()));
        List<WebhookEvent> events = new ArrayList<>();
        if (target != null) {
            member.setStatus(target, "N/A");
            events.addAll(statusEvents(audience, member, input.signup(), now));
        } else if (profileChanged) {
            events.add(WebhookPayloads.profile(audience, member, now));
        }
        if (changed) {
            member.changed(now);
        }
        return new MemberEdits.Result(member, events);
    }

    /** What a new status means for the webhooks: {@code pending} and {@code transactional} fire nothing. */
    private static List<WebhookEvent> statusEvents(Audience audience, Member member, MemberInput.Signup signup, Instant now) {
        if (member.status() == MemberStatus.SUBSCRIBED) {
            member.optedIn(signup.ipOpt(), or(signup.timestampOpt(), now));
            return List.of(WebhookPayloads.subscribe(audience, member, now));
        }
        if (member.status() == MemberStatus.UNSUBSCRIBED) {
            return List.of(WebhookPayloads.unsubscribe(audience, member, UnsubscribeAction.UNSUB, "manual", "", now));
        }
        if (member.status() == MemberStatus.CLEANED) {
            return List.of(WebhookPayloads.cleaned(audience, member.email(), "hard", "", now));
        }
        return List.of();
    }

    /** Whether moving from {@code before} ({@code null}: no member yet) to {@code after} is a signup the limit counts. */
    private static boolean signsUp(MemberStatus before, MemberStatus after) {
        return isSignedUp(after) && (before == null || !isSignedUp(before));
    }

    private static boolean isSignedUp(MemberStatus status) {
        return status == MemberStatus.SUBSCRIBED || status == MemberStatus.PENDING;
    }

    private static void profile(Member member, MemberInput.Profile profile, Map<String, Object> mergeFields) {
        member.mergeFields(mergeFields);
        member.interests(profile.interests());
        if (profile.language() != null) {
            member.setLanguage(profile.language());
        }
        if (profile.vip() != null) {
            member.setVip(profile.vip());
        }
        if (profile.emailType() != null) {
            member.setEmailType(profile.emailType());
        }
    }

    private static Instant or(Instant given, Instant now) {
        return Objects.requireNonNullElse(given, now);
    }
}
