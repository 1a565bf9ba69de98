package com.crm.integrations.testing.browser;

/** Keys a test presses ({@link Page#press}), as {@code Input.dispatchKeyEvent} describes them (US layout). */
public enum Key {
    TAB("Tab", "Tab", 9, ""),
    ENTER("Enter", "Enter", 13, "\r"),
    ESCAPE("Escape", "Escape", 27, ""),
    SPACE(" ", "Space", 32, " "),
    BACKSPACE("Backspace", "Backspace", 8, ""),
    ARROW_LEFT("ArrowLeft", "ArrowLeft", 37, ""),
    ARROW_UP("ArrowUp", "ArrowUp", 38, ""),
    ARROW_RIGHT("ArrowRight", "ArrowRight", 39, ""),
    ARROW_DOWN("ArrowDown", "ArrowDown", 40, ""),
    HOME("Home", "Home", 36, ""),
    END("End", "End", 35, "");

    private final String key;
    private final String code;
    private final int keyCode;
    private final String text;

    Key(String key, String code, int keyCode, String text) {
        this.key = key;
        this.code = code;
        this.keyCode = keyCode;
        this.text = text;
    }

    /** {@code KeyboardEvent.key}. */
    public String key() {
        return key;
    }

    /** {@code KeyboardEvent.code}. */
    public String code() {
        return code;
    }

    /** The Windows virtual key code Chromium acts on (focus traversal, activation). */
    public int keyCode() {
        return keyCode;
    }

    /** The text the key types, empty for keys that type none. */
    public String text() {
        return text;
    }

    /** Held with a key: {@code Input.dispatchKeyEvent}'s modifier bits. */
    public enum Modifier {
        ALT(1), CTRL(2), META(4), SHIFT(8);

        private final int bit;

        Modifier(int bit) {
            this.bit = bit;
        }

        public int bit() {
            return bit;
        }
    }
}
