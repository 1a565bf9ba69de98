package com.crm.integrations.common.slots;

/**
 * Every call slot of a key stayed taken for the caller's longest wait: the calls under that key go on elsewhere; try
 * later. Each service says what that means to its own caller (a 503, a retry of stored work).
 */
public class SlotsBusyException extends RuntimeException {

    private final String key;

    public SlotsBusyException(String key) {
        super("Every call slot of " + key + " stayed taken", null, false, false);
        this.key = key;
    }

    /** The key whose slots stayed taken, as the caller named it. */
    public String key() {
        return key;
    }
}
