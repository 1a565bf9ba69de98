package com.crm.integrations.sandbox;

import com.crm.integrations.sandbox.identity.service.SigningKey;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/** Starts generating the signing key, then Quarkus: the two overlap on start-up. */
@QuarkusMain
public class SandboxMain {

    public static void main(String... args) {
        SigningKey.generateAhead();
        Quarkus.run(args);
    }
}
