package dev.arbiter.models.remote;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** Sends one POST. The seam between the retrying client and the network; the default is the JDK's HttpClient. */
public interface HttpTransport {

    /** One HTTP answer. */
    record Reply(int status, byte[] body, Optional<String> retryAfter) {
    }

    /**
     * Posts {@code body} to {@code uri}; waits at most {@code timeout} for the whole answer.
     *
     * @throws java.net.http.HttpTimeoutException when {@code timeout} passes
     * @throws IOException                        for any other network failure
     */
    Reply post(URI uri, byte[] body, Map<String, String> headers, Duration timeout) throws IOException, InterruptedException;

    /** The JDK client, HTTP/1.1 (what vLLM, SGLang, llama.cpp and Ollama speak), with a connect timeout. */
    static HttpTransport jdk(Duration connectTimeout) {
        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        return (uri, body, headers, timeout) -> {
            HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(timeout)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body));
            headers.forEach(b::header);
            HttpResponse<byte[]> r = client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Reply(r.statusCode(), r.body(), r.headers().firstValue("Retry-After"));
        };
    }
}
