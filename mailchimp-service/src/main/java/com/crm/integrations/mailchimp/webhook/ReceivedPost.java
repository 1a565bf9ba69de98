package com.crm.integrations.mailchimp.webhook;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What the ingress stores of one post: the decoded fields, and how it stands on receipt. A post that is authentic but
 * cannot be applied (not a form, an unknown {@code type}, no e-mail, another audience) is {@code rejected} with the
 * reason; one whose {@code fired_at} is outside the replay tolerance is {@code stale}; the rest is {@code pending}.
 *
 * @param type           the posted {@code type} verbatim; {@code null} when absent or not a form
 * @param firedAt        {@code fired_at} read as UTC; {@code null} when absent or unreadable
 * @param fields         the decoded fields, nested (empty when not a form)
 * @param contentHash    SHA-256 of the decoded pairs, or of the raw body when it is not a form
 * @param subscriberHash the member it concerns ({@code upemail}: the new address); {@code null} for a campaign
 * @param status         pending, rejected or stale
 * @param reason         why it is rejected or stale; {@code null} when pending
 */
public record ReceivedPost(String type, Instant firedAt, Map<String, Object> fields, byte[] contentHash, String subscriberHash,
        DeliveryStatus status, String reason) {

    private static final DateTimeFormatter FIRED_AT = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+");
    private static final int MAX_EMAIL = 254;
    /** A campaign post's statuses: sent, or canceled on cancellation (spelling unconfirmed: both taken). */
    private static final java.util.Set<String> CAMPAIGN_STATUSES = java.util.Set.of("sent", "canceled", "cancelled");

    /**
     * Reads a post sent to the hook of {@code audienceId}, received at {@code receivedAt}.
     *
     * @param replayTolerance how old a {@code fired_at} may be
     * @param futureTolerance how far ahead of receipt a {@code fired_at} may be
     */
    public static ReceivedPost read(byte[] body, String audienceId, Instant receivedAt, java.time.Duration replayTolerance,
            java.time.Duration futureTolerance) {
        WebhookForm form;
        try {
            form = WebhookForm.decode(body);
        } catch (MalformedFormException malformed) {
            return new ReceivedPost(null, null, Map.of(), WebhookForm.rawHash(body), null, DeliveryStatus.REJECTED,
                    "not a form we can read: " + malformed.getMessage());
        }
        byte[] hash = form.contentHash();
        String typeName = form.text("type");
        Instant firedAt = firedAt(form.text("fired_at"));
        ReceivedPost pending = new ReceivedPost(typeName, firedAt, form.tree(), hash, null, DeliveryStatus.PENDING, null);
        if (typeName == null || typeName.isEmpty()) {
            return pending.rejected("no type");
        }
        WebhookType type = WebhookType.of(typeName).orElse(null);
        if (type == null) {
            return pending.rejected("unknown type '" + abbreviate(typeName) + "'");
        }
        if (firedAt == null) {
            return pending.rejected(form.text("fired_at") == null ? "no fired_at" : "fired_at is not 'YYYY-MM-DD HH:MM:SS'");
        }
        String listId = form.text("data", "list_id");
        if (listId != null && !listId.isEmpty() && !listId.equals(audienceId)) {
            return pending.rejected("posted for audience '" + abbreviate(listId) + "', not this hook's audience");
        }
        String email = switch (type) {
            case UPEMAIL -> form.text("data", "new_email");
            case CAMPAIGN -> null;
            default -> form.text("data", "email");
        };
        if (type == WebhookType.CAMPAIGN) {
            String campaign = form.text("data", "id");
            if (campaign == null || campaign.isBlank()) {
                return pending.rejected("a campaign post without data[id]");
            }
            String status = form.text("data", "status");
            if (!CAMPAIGN_STATUSES.contains(status == null ? "" : status)) {
                return pending.rejected("a campaign post whose data[status] is neither sent nor canceled");
            }
        } else {
            String field = type == WebhookType.UPEMAIL ? "data[new_email]" : "data[email]";
            if (email == null || email.isBlank()) {
                return pending.rejected("no " + field);
            }
            if (!validEmail(email)) {
                return pending.rejected(field + " is not an e-mail address");
            }
            if (type == WebhookType.UPEMAIL) {
                String old = form.text("data", "old_email");
                if (old == null || old.isBlank()) {
                    return pending.rejected("no data[old_email]");
                }
                if (!validEmail(old)) {
                    return pending.rejected("data[old_email] is not an e-mail address");
                }
            }
        }
        ReceivedPost post = new ReceivedPost(typeName, firedAt, form.tree(), hash, email == null ? null : SubscriberHash.of(email),
                DeliveryStatus.PENDING, null);
        if (firedAt.isBefore(receivedAt.minus(replayTolerance))) {
            return post.stale("fired_at is more than " + replayTolerance.toDays() + " days before receipt");
        }
        if (firedAt.isAfter(receivedAt.plus(futureTolerance))) {
            return post.stale("fired_at is more than " + futureTolerance.toHours() + " h after receipt");
        }
        return post;
    }

    static Instant firedAt(String text) {
        if (text == null) {
            return null;
        }
        try {
            return LocalDateTime.parse(text.trim(), FIRED_AT).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException unreadable) {
            return null;
        }
    }

    static boolean validEmail(String email) {
        String trimmed = email.trim();
        return trimmed.length() <= MAX_EMAIL && EMAIL.matcher(trimmed).matches();
    }

    private ReceivedPost rejected(String why) {
        return new ReceivedPost(type, firedAt, fields, contentHash, null, DeliveryStatus.REJECTED, why);
    }

    private ReceivedPost stale(String why) {
        return new ReceivedPost(type, firedAt, fields, contentHash, subscriberHash, DeliveryStatus.STALE, why);
    }

    /** A posted value quoted in a reason: short, and without anything that could be mistaken for markup. */
    private static String abbreviate(String value) {
        String cleaned = value.replaceAll("[^A-Za-z0-9_.:-]", "?");
        return cleaned.length() <= 40 ? cleaned : cleaned.substring(0, 40) + "…";
    }
}
