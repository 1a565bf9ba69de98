package com.crm.integrations.testing.browser;

/**
 * What a page is shown on ({@code Emulation.setDeviceMetricsOverride}): the layout viewport in CSS pixels, the device
 * pixels per CSS pixel, and whether it is a phone (a {@code <meta name="viewport">} is honoured, overlay scroll bars).
 */
public record Viewport(int width, int height, double deviceScaleFactor, boolean mobile) {

    /** A laptop: 1280 x 800, 1 device pixel per CSS pixel. */
    public static final Viewport DESKTOP = new Viewport(1280, 800, 1, false);
    /** A phone (the size of an iPhone 14): 390 x 844 CSS pixels, 3 device pixels each. */
    public static final Viewport PHONE = new Viewport(390, 844, 3, true);

    public Viewport {
        if (width <= 0 || height <= 0 || deviceScaleFactor <= 0) {
            throw new IllegalArgumentException("A viewport needs a positive size and scale: " + width + "x" + height + " @" + deviceScaleFactor);
        }
    }

    /** The width of a screenshot of it, in device pixels. */
    public int pixelWidth() {
        return (int) Math.round(width * deviceScaleFactor);
    }

    /** The height of a screenshot of its visible part, in device pixels. */
    public int pixelHeight() {
        return (int) Math.round(height * deviceScaleFactor);
    }
}
