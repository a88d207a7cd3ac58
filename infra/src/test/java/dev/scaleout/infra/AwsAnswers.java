package dev.scaleout.infra;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.SdkHttpRequest;

/**
 * Makes moto answer as AWS does at the points it does not: the next calls of an operation get
 * the error AWS documents (its code, HTTP status and message, in the wire format of the
 * service's protocol), then calls go through to moto again. The interceptor sends a call
 * that should fail to a small local server instead of moto, so the SDK parses a real error
 * response (the exception class, code and status a user would get) and the call makes
 * nothing in moto. Every answer given is recorded, so a test can check they were all used.
 */
final class AwsAnswers implements ExecutionInterceptor, AutoCloseable {

    /** One error answer: the call it answers, AWS's status, code and message. */
    record Answer(String operation, Predicate<SdkRequest> when, int status, String code, String message) {}

    private final List<Answer> pending = new CopyOnWriteArrayList<>();
    private final List<Answer> given = new CopyOnWriteArrayList<>();
    private final Map<Integer, Answer> inFlight = new ConcurrentHashMap<>();
    private final Map<Integer, String> protocols = new ConcurrentHashMap<>();
    private final HttpServer server;
    private int next;

    AwsAnswers() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::answer);
        server.start();
    }

    /** The next {@code times} calls of {@code operation} get this error. */
    AwsAnswers answer(String operation, int times, int status, String code, String message) {
        return answer(operation, r -> true, times, status, code, message);
    }

    /** The same, for the calls {@code when} picks (an HTTPS listener, not the HTTP one). */
    AwsAnswers answer(
            String operation, Predicate<SdkRequest> when, int times, int status, String code, String message) {
        for (int i = 0; i < times; i++) {
            pending.add(new Answer(operation, when, status, code, message));
        }
        return this;
    }

    /** The answers not given yet (a test expects none left). */
    List<Answer> pending() {
        return List.copyOf(pending);
    }

    List<Answer> given() {
        return List.copyOf(given);
    }

    @Override
    public SdkHttpRequest modifyHttpRequest(Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
        String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        Answer answer;
        int id;
        synchronized (this) {
            answer = pending.stream()
                    .filter(a -> a.operation().equals(operation) && a.when().test(context.request()))
                    .findFirst()
                    .orElse(null);
            if (answer == null) {
                return context.httpRequest();
            }
            pending.remove(answer);
            given.add(answer);
            id = next++;
        }
        inFlight.put(id, answer);
        protocols.put(id, protocol(attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME), context.httpRequest()));
        return context.httpRequest().toBuilder()
                .protocol("http")
                .host(server.getAddress().getHostString())
                .port(server.getAddress().getPort())
                .encodedPath("/answer/" + id)
                .build();
    }

    /** EC2's own XML, the Query protocol's XML (IAM, ELB, Auto Scaling), or JSON (ACM). */
    private static String protocol(String service, SdkHttpRequest request) {
        String type = request.firstMatchingHeader("Content-Type").orElse("");
        if (type.startsWith("application/x-amz-json")) {
            return "json";
        }
        return "Ec2".equals(service) ? "ec2" : "query";
    }

    private void answer(HttpExchange exchange) throws IOException {
        exchange.getRequestBody().readAllBytes();
        String path = exchange.getRequestURI().getPath();
        int id = Integer.parseInt(path.substring(path.lastIndexOf('/') + 1));
        Answer a = inFlight.remove(id);
        String protocol = protocols.remove(id);
        String body;
        switch (protocol) {
            case "json" -> {
                exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
                exchange.getResponseHeaders().add("x-amzn-ErrorType", a.code());
                body = "{\"__type\":\"" + a.code() + "\",\"message\":\"" + a.message() + "\"}";
            }
            case "ec2" -> {
                exchange.getResponseHeaders().add("Content-Type", "text/xml;charset=UTF-8");
                body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Response><Errors><Error><Code>" + a.code()
                        + "</Code><Message>" + a.message() + "</Message></Error></Errors>"
                        + "<RequestID>00000000-0000-0000-0000-" + String.format("%012d", id)
                        + "</RequestID></Response>";
            }
            default -> {
                exchange.getResponseHeaders().add("Content-Type", "text/xml");
                body = "<ErrorResponse><Error><Type>Sender</Type><Code>" + a.code() + "</Code><Message>"
                        + a.message() + "</Message></Error><RequestId>00000000-0000-0000-0000-"
                        + String.format("%012d", id) + "</RequestId></ErrorResponse>";
            }
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("x-amzn-RequestId", "00000000-0000-0000-0000-" + id);
        exchange.sendResponseHeaders(a.status(), bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** "operation code" of every answer given, in order. */
    List<String> givenCodes() {
        List<String> out = new ArrayList<>();
        given.forEach(a -> out.add(a.operation() + " " + a.code()));
        return out;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
