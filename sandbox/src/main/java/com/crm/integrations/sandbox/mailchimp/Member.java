package com.crm.integrations.sandbox.mailchimp;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A member of an audience (PROVIDERS.md §5.3). Mutable: its {@link Audience}'s lock guards it, and views are taken under
 * that lock. {@link #seq()} orders the audience's members by when they were added.
 */
public final class Member {

    private final long seq;
    private final long webId;
    private final String contactId;
    private String email;
    private String uniqueEmailId;
    private String emailType = "html";
    private MemberStatus status;
    private final Map<String, Object> mergeFields = new LinkedHashMap<>();
    private final Set<String> interests = new LinkedHashSet<>();
    private List<String> tags = List.of();
    private String ipSignup = "";
    private Instant timestampSignup;
    private String ipOpt = "";
    private Instant timestampOpt;
    private Instant lastChanged;
    private String source;
    private String unsubscribeReason;
    private String language = "";
    private boolean vip;

    public Member(long seq, long webId, String contactId, String email, String uniqueEmailId, MemberStatus status, Instant now) {
        this.seq = seq;
        this.webId = webId;
        this.contactId = contactId;
        this.email = email;
        this.uniqueEmailId = uniqueEmailId;
        this.status = status;
        this.lastChanged = now;
    }

    /** The API's {@code subscriber_hash} of an address: lower-case hex MD5 of the trimmed, lower-cased address. */
    public static String hashOf(String email) {
        try {
            byte[] digest = MessageDigest.getInstance("MD5").digest(email.trim().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
            return String.format("%032x", new BigInteger(1, digest));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is part of every JDK", e);
        }
    }

    public String hash() {
        return hashOf(email);
    }

    public long seq() {
        return seq;
    }

    public long webId() {
        return webId;
    }

    public String contactId() {
        return contactId;
    }

    public String email() {
        return email;
    }

    /** The 10-character id webhooks send as {@code data[id]}. */
    public String uniqueEmailId() {
        return uniqueEmailId;
    }

    public String emailType() {
        return emailType;
    }

    public MemberStatus status() {
        return status;
    }

    /** By merge tag, in the order they were set. */
    public Map<String, Object> mergeFields() {
        return mergeFields;
    }

    /** The interest ids the member is in. */
    public Set<String> interests() {
        return interests;
    }

    public List<String> tags() {
        return tags;
    }

    public String ipSignup() {
        return ipSignup;
    }

    /** {@code null} when unknown. */
    public Instant timestampSignup() {
        return timestampSignup;
    }

    public String ipOpt() {
        return ipOpt;
    }

    /** {@code null} when unknown. */
    public Instant timestampOpt() {
        return timestampOpt;
    }

    public Instant lastChanged() {
        return lastChanged;
    }

    /** The member's {@code source} ({@code API - Generic}, {@code Admin Add}, …), {@code null} when unknown. */
    public String source() {
        return source;
    }

    /** Why the member unsubscribed, while unsubscribed; else {@code null}. */
    public String unsubscribeReason() {
        return unsubscribeReason;
    }

    /** The member's language code ({@code en}, {@code fr}, …), {@code ""} when unknown. */
    public String language() {
        return language;
    }

    public boolean vip() {
        return vip;
    }

    public void setLanguage(String language) {
        this.language = language;
    }

    public void setVip(boolean vip) {
        this.vip = vip;
    }

    /** A new address, with the new 10-character id Mailchimp gives with it ({@code upemail}'s {@code new_id}). */
    public void changeEmail(String newEmail, String newUniqueEmailId) {
        this.email = newEmail;
        this.uniqueEmailId = newUniqueEmailId;
    }

    public void setStatus(MemberStatus status, String unsubscribeReason) {
        this.status = status;
        this.unsubscribeReason = status == MemberStatus.UNSUBSCRIBED ? unsubscribeReason : null;
    }

    public void setEmailType(String emailType) {
        this.emailType = emailType;
    }

    /** Sets the fields given; a {@code null} or empty value clears one. */
    public void mergeFields(Map<String, Object> changes) {
        changes.forEach((tag, value) -> {
            if (value == null || "".equals(value)) {
                mergeFields.remove(tag);
            } else {
                mergeFields.put(tag, value);
            }
        });
    }

    /** Joins ({@code true}) or leaves ({@code false}) each interest given. */
    public void interests(Map<String, Boolean> changes) {
        changes.forEach((id, in) -> {
            if (Boolean.TRUE.equals(in)) {
                interests.add(id);
            } else {
                interests.remove(id);
            }
        });
    }

    public void setTags(List<String> tags) {
        this.tags = List.copyOf(tags);
    }

    public void signedUp(String ip, Instant at, String source) {
        this.ipSignup = ip == null ? "" : ip;
        this.timestampSignup = at;
        this.source = source;
    }

    public void optedIn(String ip, Instant at) {
        this.ipOpt = ip == null ? "" : ip;
        this.timestampOpt = at;
    }

    public void changed(Instant at) {
        this.lastChanged = at;
    }
}
