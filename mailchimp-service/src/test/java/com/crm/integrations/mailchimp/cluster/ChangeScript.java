package com.crm.integrations.mailchimp.cluster;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.crm.integrations.mailchimp.ingress.Posts;
import com.crm.integrations.mailchimp.webhook.SubscriberHash;

/**
 * A long run of webhook posts to one audience, and what they must come to. Each of {@code members} members gets
 * {@code changes} changes, fired two seconds apart: a {@code subscribe} first, then {@code profile}, {@code unsubscribe}
 * and {@code subscribe} (with a new profile) in turn. A member's posts go in fired order, each once the one before it
 * was answered; the members' posts may interleave in any way. After every sixth change of a member comes a late post
 * ({@code subscribe} with a profile, or {@code unsubscribe}) fired before the member's last status and profile changes:
 * it must end {@code superseded}. Member and {@code fired_at} name a post: no two share them.
 *
 * <p>
 * A member's final state is its last status change's status and its last profile's {@code FNAME}; its
 * {@code subscriber.changed.v2} events are one per change, in fired order, none for a late post.
 */
final class ChangeScript {

    /** One post, in posting order. {@code late}: older than what the member already holds. */
    record Post(int member, String type, Instant firedAt, Map<String, String> fields, boolean late) {

        /** What its delivery must end as. */
        String expectedStatus() {
            return late ? "superseded" : "applied";
        }
    }

    /** A member's expected final projection row. */
    record FinalState(String status, String firstName, Instant statusAt, Instant profileAt) {
    }

    private static final long STEP_SECONDS = 2;

    private final List<Post> posts = new ArrayList<>();
    private final Map<Integer, List<String>> events = new LinkedHashMap<>();
    private final Map<Integer, FinalState> finals = new LinkedHashMap<>();
    private final String run;

    private ChangeScript(String audienceId, int members, int changes, String run) {
        this.run = run;
        // Within the replay tolerance (7 days) and clear of now.
        Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(2, ChronoUnit.HOURS);
        String[] status = new String[members];
        String[] firstName = new String[members];
        Instant[] statusAt = new Instant[members];
        Instant[] profileAt = new Instant[members];
        for (int m = 0; m < members; m++) {
            events.put(m, new ArrayList<>());
        }
        for (int k = 0; k < changes; k++) {
            Instant firedAt = start.plusSeconds(STEP_SECONDS * k);
            for (int m = 0; m < members; m++) {
                String email = email(m);
                String type = k == 0 ? "subscribe" : switch (k % 3) {
                    case 1 -> "profile";
                    case 2 -> "unsubscribe";
                    default -> "subscribe";
                };
                String name = run + "-m" + m + "-c" + k;
                Map<String, String> fields = switch (type) {
                    case "unsubscribe" -> Posts.of(type, firedAt, audienceId, "action", "unsub", "reason", "manual", "id", memberId(m),
                            "email", email, "campaign_id", "cmp-" + k);
                    default -> Posts.of(type, firedAt, audienceId, "id", memberId(m), "email", email, "email_type", "html",
                            "merges][EMAIL", email, "merges][FNAME", name, "merges][LNAME", "Member" + m);
                };
                posts.add(new Post(m, type, firedAt, fields, false));
                if (!type.equals("profile")) {
                    status[m] = type.equals("subscribe") ? "subscribed" : "unsubscribed";
                    statusAt[m] = firedAt;
                }
                if (!type.equals("unsubscribe")) {
                    firstName[m] = name;
                    profileAt[m] = firedAt;
                }
                events.get(m).add(event(firedAt, type, status[m], firstName[m]));
                if (k % 6 == 5) {
                    // Between this member's last two changes, each of which moved one of its clocks past it.
                    Instant late = firedAt.minusSeconds(STEP_SECONDS + 1);
                    Map<String, String> lateFields = (k / 6) % 2 == 0
                            ? Posts.of("subscribe", late, audienceId, "id", memberId(m), "email", email, "email_type", "html",
                                    "merges][EMAIL", email, "merges][FNAME", run + "-m" + m + "-late" + k)
                            : Posts.of("unsubscribe", late, audienceId, "action", "unsub", "reason", "abuse", "id", memberId(m),
                                    "email", email, "campaign_id", "late-" + k);
                    posts.add(new Post(m, lateFields.get("type"), late, lateFields, true));
                }
            }
        }
        for (int m = 0; m < members; m++) {
            finals.put(m, new FinalState(status[m], firstName[m], statusAt[m], profileAt[m]));
        }
    }

    /** The posts of {@code members} × {@code changes} changes (and the late ones) to {@code audienceId}. */
    static ChangeScript of(String audienceId, int members, int changes) {
        return new ChangeScript(audienceId, members, changes, Long.toString(System.nanoTime(), 36));
    }

    List<Post> posts() {
        return posts;
    }

    /** Each member's posts, in the order they must be posted. */
    List<List<Post>> postsByMember() {
        List<List<Post>> byMember = new ArrayList<>();
        for (int m = 0; m < members(); m++) {
            int member = m;
            byMember.add(posts.stream().filter(post -> post.member() == member).toList());
        }
        return byMember;
    }

    int members() {
        return events.size();
    }

    /** How many posts must be applied (each makes one event). */
    long applied() {
        return posts.stream().filter(post -> !post.late()).count();
    }

    static String email(int member) {
        return "member-" + member + "@example.com";
    }

    static String hash(int member) {
        return SubscriberHash.of(email(member));
    }

    private static String memberId(int member) {
        return "mid" + member;
    }

    /** The member's events as {@link #event} lines, in fired order. */
    List<String> expectedEvents(int member) {
        return events.get(member);
    }

    FinalState expectedFinal(int member) {
        return finals.get(member);
    }

    /** What the test compares of a {@code subscriber.changed.v2}: when, which change, the status after, the first name after. */
    static String event(Instant occurredAt, String change, String status, String firstName) {
        return occurredAt + " " + change + " " + status + " " + firstName;
    }
}
