package com.crm.integrations.testing.contract;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import io.restassured.RestAssured;

/**
 * Sends a request exactly as written, over a plain socket to the app under test: for what HTTP
 * clients refuse to send (a request line or headers over the server's limits, broken
 * percent-encoding). The request should ask for {@code Connection: close}: the answer is read
 * until the server closes the connection.
 */
final class RawHttp {

    private RawHttp() {
    }

    /** The status, the header block and the body of the server's answer. */
    record Answer(int status, String headers, String body) {
    }

    static Answer send(String request) {
        try (Socket socket = new Socket(RestAssured.baseURI.replaceFirst("^https?://", ""), RestAssured.port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            int headersEnd = answer.indexOf("\r\n\r\n");
            if (!answer.startsWith("HTTP/1.") || headersEnd < 0) {
                throw new AssertionError("not an HTTP answer: " + answer);
            }
            String statusLine = answer.substring(0, answer.indexOf("\r\n"));
            int status = Integer.parseInt(statusLine.split(" ")[1]);
            String headers = answer.substring(statusLine.length() + 2, headersEnd);
            return new Answer(status, headers, answer.substring(headersEnd + 4));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
