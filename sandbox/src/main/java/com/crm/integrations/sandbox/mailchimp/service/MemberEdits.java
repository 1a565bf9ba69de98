package com.crm.integrations.sandbox.mailchimp.service;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.crm.integrations.sandbox.error.InvalidRequestException;
import com.crm.integrations.sandbox.error.NotFoundException;
import com.crm.integrations.sandbox.mailchimp.Audience;
import com.crm.integrations.sandbox.mailchimp.Member;
import com.crm.integrations.sandbox.mailchimp.MemberChange;
import com.crm.integrations.sandbox.mailchimp.MemberChange.Clean;
import com.crm.integrations.sandbox.mailchimp.MemberChange.EmailChange;
import com.crm.integrations.sandbox.mailchimp.MemberChange.ProfileUpdate;
import com.crm.integrations.sandbox.mailchimp.MemberChange.Subscribe;
import com.crm.integrations.sandbox.mailchimp.MemberChange.Tags;
import com.crm.integrations.sandbox.mailchimp.MemberChange.Unsubscribe;
import com.crm.integrations.sandbox.mailchimp.MemberChange.UnsubscribeAction;
import com.crm.integrations.sandbox.mailchimp.MemberChange.Upsert;
import com.crm.integrations.sandbox.mailchimp.MemberStatus;
import com.crm.integrations.sandbox.mailchimp.Source;
import com.crm.integrations.sandbox.mailchimp.WebhookEvent;

/**
 * Each {@link MemberChange} applied to an audience (under its lock), and the webhook posts it fires, in their order.
 * The control API's changes follow the stand-in's rules, not Mailchimp's compliance rules: the subscriber may
 * re-subscribe after leaving or bouncing. The API's writes follow Mailchimp's ({@link UpsertEdits}).
 */
final class MemberEdits {

    /** The member after the change ({@code null} once deleted) and the posts fired. */
    record Result(Member member, List<WebhookEvent> events) {
    }

    private MemberEdits() {
    }

    static Result apply(Audience audience, Source source, MemberChange change, Instant now, SignupLimits signups) {
        if (change instanceof Upsert upsert) {
            return UpsertEdits.upsert(audience, upsert, now, signups);
        }
        if (change instanceof Tags tags) {
            return UpsertEdits.tags(audience, tags, now);
        }
        if (change instanceof Subscribe subscribe) {
            return subscribe(audience, source, subscribe, now);
        }
        if (change instanceof Unsubscribe unsubscribe) {
            return unsubscribe(audience, unsubscribe, now);
        }
        if (change instanceof ProfileUpdate profile) {
            Member member = existing(audience, profile.email());
            edit(audience, member, profile.mergeFields(), profile.interests());
            member.changed(now);
            return new Result(member, List.of(WebhookPayloads.profile(audience, member, now)));
        }
        if (change instanceof EmailChange emailChange) {
            return changeEmail(audience, emailChange, now);
        }
        return clean(audience, (Clean) change, now);
    }

    /** Seeds a member without posting anything: {@code status}, fields and interests as given. */
    static Member seed(Audience audience, String email, MemberStatus status, Map<String, Object> mergeFields, Map<String, Boolean> interests,
            Instant lastChanged) {
        if (audience.memberByEmail(email).isPresent()) {
            throw new InvalidRequestException(email + " is a member of audience " + audience.id() + " already");
        }
        Member member = newMember(audience, email, status, lastChanged);
        member.signedUp("", lastChanged, "Import");
        if (status == MemberStatus.SUBSCRIBED) {
            member.optedIn("", lastChanged);
        }
        edit(audience, member, mergeFields, interests);
        audience.add(member);
        return member;
    }

    private static Result subscribe(Audience audience, Source source, Subscribe subscribe, Instant now) {
        Member member = audience.memberByEmail(subscribe.email()).orElse(null);
        if (member == null) {
            member = newMember(audience, subscribe.email(), MemberStatus.SUBSCRIBED, now);
            member.signedUp(subscribe.ip(), now, source.memberSource());
            edit(audience, member, subscribe.mergeFields(), subscribe.interests());
            audience.add(member);
        } else if (member.status() == MemberStatus.SUBSCRIBED) {
            throw new InvalidRequestException(subscribe.email() + " is subscribed already");
        } else {
            edit(audience, member, subscribe.mergeFields(), subscribe.interests());
            member.setStatus(MemberStatus.SUBSCRIBED, null);
        }
        if (subscribe.emailType() != null) {
            member.setEmailType(subscribe.emailType());
        }
        member.optedIn(subscribe.ip(), now);
        member.changed(now);
        return new Result(member, List.of(WebhookPayloads.subscribe(audience, member, now)));
    }

    private static Result unsubscribe(Audience audience, Unsubscribe unsubscribe, Instant now) {
        Member member = existing(audience, unsubscribe.email());
        if (unsubscribe.action() == UnsubscribeAction.DELETE) {
            WebhookEvent event = WebhookPayloads.unsubscribe(audience, member, unsubscribe.action(), unsubscribe.reason(),
                    unsubscribe.campaignId(), now);
            audience.remove(member);
            return new Result(null, List.of(event));
        }
        if (member.status() != MemberStatus.SUBSCRIBED && member.status() != MemberStatus.PENDING) {
            throw new InvalidRequestException(unsubscribe.email() + " is " + member.status().wireName() + ", not subscribed");
        }
        member.setStatus(MemberStatus.UNSUBSCRIBED, "abuse".equals(unsubscribe.reason()) ? "Spam complaint" : "N/A");
        member.changed(now);
        return new Result(member, List.of(WebhookPayloads.unsubscribe(audience, member, unsubscribe.action(), unsubscribe.reason(),
                unsubscribe.campaignId(), now)));
    }

    /** {@code upemail}, then {@code profile} for the member at the new address (§6.2). */
    private static Result changeEmail(Audience audience, EmailChange change, Instant now) {
        Member member = existing(audience, change.email());
        if (audience.memberByEmail(change.newEmail()).isPresent()) {
            throw new InvalidRequestException(change.newEmail() + " is a member of audience " + audience.id() + " already");
        }
        String oldEmail = member.email();
        String newId = MailchimpIds.tenHex();
        audience.changeEmail(member, change.newEmail(), newId);
        member.changed(now);
        return new Result(member, List.of(WebhookPayloads.upemail(audience, newId, member.email(), oldEmail, now),
                WebhookPayloads.profile(audience, member, now)));
    }

    private static Result clean(Audience audience, Clean clean, Instant now) {
        Member member = existing(audience, clean.email());
        if (member.status() == MemberStatus.CLEANED) {
            throw new InvalidRequestException(clean.email() + " is cleaned already");
        }
        member.setStatus(MemberStatus.CLEANED, null);
        member.changed(now);
        return new Result(member, List.of(WebhookPayloads.cleaned(audience, member.email(), clean.reason(), clean.campaignId(), now)));
    }

    static Member newMember(Audience audience, String email, MemberStatus status, Instant now) {
        return new Member(audience.nextSeq(), MailchimpIds.webId(), MailchimpIds.contactId(), email, MailchimpIds.tenHex(), status, now);
    }

    private static Member existing(Audience audience, String email) {
        return audience.memberByEmail(email)
                .orElseThrow(() -> new NotFoundException(email + " is not a member of audience " + audience.id()));
    }

    /** @throws InvalidRequestException for a merge field or interest the audience does not have */
    private static void edit(Audience audience, Member member, Map<String, Object> mergeFields, Map<String, Boolean> interests) {
        for (String tag : mergeFields.keySet()) {
            if (!audience.knowsMergeTag(tag)) {
                throw new InvalidRequestException("audience " + audience.id() + " has no merge field " + tag + ": it has "
                        + String.join(", ", audience.mergeTags()));
            }
        }
        for (String interest : interests.keySet()) {
            if (audience.interest(interest).isEmpty()) {
                throw new InvalidRequestException("audience " + audience.id() + " has no interest " + interest);
            }
        }
        member.mergeFields(mergeFields);
        member.interests(interests);
    }
}
