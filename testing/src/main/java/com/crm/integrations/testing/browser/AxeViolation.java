package com.crm.integrations.testing.browser;

import java.util.List;

/**
 * A rule of axe-core that a page breaks ({@link Axe#run(Page)}), with every element that breaks it.
 *
 * @param id the rule, e.g. {@code image-alt}, {@code label}, {@code color-contrast}
 * @param impact {@code minor}, {@code moderate}, {@code serious} or {@code critical}
 * @param help what the rule asks for, e.g. {@code Images must have alternative text}
 * @param helpUrl Deque's page on the rule
 */
public record AxeViolation(String id, String impact, String help, String helpUrl, List<Element> elements) {

    public AxeViolation {
        elements = List.copyOf(elements);
    }

    /** What to fix, for an assertion's message: the rule, then each element with its selector, markup and summary. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(id).append(" (").append(impact).append("): ").append(help).append(" — ").append(helpUrl);
        elements.forEach(element -> text.append("\n    ").append(element));
        return text.toString();
    }

    /**
     * One element that breaks the rule.
     *
     * @param target the CSS selector axe found it by ({@code " >> "} between the frames or shadow roots on the way)
     * @param html the start of its markup
     * @param failureSummary how to fix it, in axe's words
     */
    public record Element(String target, String html, String failureSummary) {

        @Override
        public String toString() {
            return target + "  " + html + "\n      " + failureSummary.replace("\n", "\n      ");
        }
    }
}
