package com.crm.integrations.testing.browser;

/** Run in a child JVM by {@link ChromiumTest}: starts Chromium, prints its pid and directory, then blocks until it is killed. */
public final class ChromiumOwner {

    private ChromiumOwner() {
    }

    public static void main(String[] args) throws Exception {
        Chromium chromium = Chromium.start();
        System.out.println("READY " + chromium.process().pid() + " " + chromium.dir());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
