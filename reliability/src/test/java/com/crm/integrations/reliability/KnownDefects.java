package com.crm.integrations.reliability;

import com.crm.integrations.reliability.Findings.Rule;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Defects this suite found in the services and that are reported, not fixed here: each is counted apart in the report
 * and does not fail the suite, so that the suite is green while they wait for their fix. Keep it small and explicit;
 * remove an entry with the fix that ends it. A finding matches an entry when the rule and service are the same and the
 * pattern finds the finding's description ({@code METHOD /path/template case}).
 */
final class KnownDefects {

    record Defect(Rule rule, String service, Pattern what, String why) {
    }

    static final List<Defect> ALL = List.of(
            new Defect(Rule.PROBLEM_BODIES, "*", Pattern.compile("(query \\S+ very-long|query unknown huge|request line too long).*\\(Content-Type null\\)"),
                    "a request line over 4,096 bytes gets Vert.x's bare 414 (no body): the HTTP codec answers before any route; the "
                            + "proxy (the ingress's stand-in) and the services alike"),
            new Defect(Rule.PROBLEM_BODIES, "*", Pattern.compile("header oversized.*\\(Content-Type null\\)"),
                    "headers over 20 KiB get Vert.x's bare 431 (no body), before any route"));

    private KnownDefects() {
    }

    static boolean covers(Rule rule, String service, String what) {
        return ALL.stream().anyMatch(defect -> defect.rule() == rule && (defect.service().equals("*") || defect.service().equals(service)) && defect.what().matcher(what).find());
    }
}
