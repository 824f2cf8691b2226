package dev.vigil.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The parts of Flink's REST API that submitting and upgrading a job needs, as {@code flink run} and
 * {@code flink stop} use them on any cluster: upload a jar, run it (optionally from a savepoint or
 * a retained checkpoint), list jobs, read the cluster's configuration, stop with a savepoint.
 */
final class FlinkRest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration POLL = Duration.ofMillis(250);

    /** Flink's globally terminal job states: nothing of the job is left to run or recover. */
    private static final Set<String> ENDED = Set.of("FINISHED", "CANCELED", "FAILED");

    private final String url;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    FlinkRest(String url) {
        this.url = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** A job as the cluster lists it. */
    record Job(String id, String name, String state) {}

    /** Uploads a jar; returns the cluster's id for it. */
    String upload(Path jar) {
        String boundary = "vigil-" + UUID.randomUUID();
        byte[] head =
                ("--"
                                + boundary
                                + "\r\n"
                                + "Content-Disposition: form-data; name=\"jarfile\"; filename=\""
                                + jar.getFileName()
                                + "\"\r\nContent-Type: application/x-java-archive\r\n\r\n")
                        .getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        HttpRequest request;
        try {
            request =
                    HttpRequest.newBuilder(URI.create(url + "/jars/upload"))
                            .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                            .POST(
                                    HttpRequest.BodyPublishers.ofByteArrays(
                                            List.of(head, Files.readAllBytes(jar), tail)))
                            .build();
        } catch (IOException e) {
            throw new CliException("Cannot read the job jar " + jar + ": " + e.getMessage());
        }
        String file = send(request, "upload " + jar.getFileName()).path("filename").asText();
        return file.substring(file.lastIndexOf('/') + 1);
    }

    /**
     * Runs an uploaded jar with {@code args} at {@code parallelism}; from {@code savepoint} unless
     * it is null. The job's main() runs in the JobManager: when it refuses the configuration, its
     * message is what this throws.
     *
     * @return the new job's id
     */
    String run(String jarId, List<String> args, int parallelism, String savepoint) {
        ObjectNode body = JSON.createObjectNode();
        body.putArray("programArgsList")
                .addAll(args.stream().map(JSON.getNodeFactory()::textNode).toList());
        body.put("parallelism", parallelism);
        if (savepoint != null) {
            body.put("savepointPath", savepoint);
            body.put("allowNonRestoredState", false);
        }
        HttpResponse<String> response =
                exchange(post("/jars/" + jarId + "/run", body), "run the job");
        JsonNode answer = json(response, "run the job");
        if (response.statusCode() >= 400) {
            List<String> all = new ArrayList<>();
            answer.path("errors").forEach(e -> all.add(e.asText()));
            throw new CliException(
                    "The job did not start: " + FailureText.cause(String.join("\n", all)));
        }
        return answer.path("jobid").asText();
    }

    /**
     * The cluster's {@code parallelism.default}: Flink's REST jar run ignores it and runs at 1
     * unless the request names a parallelism, so a submission asks for it explicitly.
     */
    int defaultParallelism() {
        String value = config().get("parallelism.default");
        return value == null ? 1 : Integer.parseInt(value.trim());
    }

    /** The parallelism a job runs at: the highest of its vertices' (GET /jobs/:id). */
    int parallelism(String jobId) {
        int parallelism = 1;
        for (JsonNode vertex : send(get("/jobs/" + jobId), "read job " + jobId).path("vertices")) {
            parallelism = Math.max(parallelism, vertex.path("parallelism").asInt(1));
        }
        return parallelism;
    }

    /**
     * The most subtasks job {@code jobId}'s state can be rescaled to: the lowest of its vertices'
     * max parallelism (GET /jobs/:id), fixed when its state was first written.
     */
    int maxParallelism(String jobId) {
        int max = Integer.MAX_VALUE;
        for (JsonNode vertex : send(get("/jobs/" + jobId), "read job " + jobId).path("vertices")) {
            int vertexMax = vertex.path("maxParallelism").asInt(-1);
            if (vertexMax > 0) {
                max = Math.min(max, vertexMax);
            }
        }
        return max;
    }

    /** Every task slot of the cluster, free or taken (GET /overview). */
    int totalSlots() {
        return send(get("/overview"), "read the cluster's overview").path("slots-total").asInt();
    }

    List<Job> jobs() {
        List<Job> jobs = new ArrayList<>();
        for (JsonNode job : send(get("/jobs/overview"), "list jobs").path("jobs")) {
            jobs.add(
                    new Job(
                            job.path("jid").asText(),
                            job.path("name").asText(),
                            job.path("state").asText()));
        }
        return jobs;
    }

    /** The JobManager's configuration, key by key (GET /jobmanager/config). */
    Map<String, String> config() {
        Map<String, String> config = new LinkedHashMap<>();
        for (JsonNode entry : send(get("/jobmanager/config"), "read the cluster's configuration")) {
            config.put(entry.path("key").asText(), entry.path("value").asText());
        }
        return config;
    }

    /**
     * Stops the job with a savepoint (no drain: timers and windows stay as they are, for a restart)
     * and waits for it.
     *
     * @return the savepoint's location
     */
    String stopWithSavepoint(String jobId, String targetDirectory, Duration timeout) {
        ObjectNode body = JSON.createObjectNode();
        body.put("drain", false);
        body.put("formatType", "CANONICAL");
        if (targetDirectory != null) {
            body.put("targetDirectory", targetDirectory);
        }
        String trigger =
                send(post("/jobs/" + jobId + "/stop", body), "stop job " + jobId)
                        .path("request-id")
                        .asText();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode status =
                    send(get("/jobs/" + jobId + "/savepoints/" + trigger), "poll the savepoint");
            if (status.path("status").path("id").asText().equals("COMPLETED")) {
                JsonNode operation = status.path("operation");
                if (operation.has("failure-cause")) {
                    throw new CliException(
                            "The savepoint of job "
                                    + jobId
                                    + " failed, and the job keeps running: "
                                    + operation
                                            .path("failure-cause")
                                            .path("stack-trace")
                                            .asText()
                                            .lines()
                                            .findFirst()
                                            .orElse(""));
                }
                return operation.path("location").asText();
            }
            sleep();
        }
        throw new CliException(
                "The savepoint of job " + jobId + " did not complete within " + timeout + ".");
    }

    /**
     * Cancels the job, without a savepoint, and waits until it has ended: a job still CANCELLING
     * when its JobManager stops is, with HA on, run again by the next JobManager.
     */
    void cancel(String jobId, Duration timeout) {
        send(
                HttpRequest.newBuilder(URI.create(url + "/jobs/" + jobId + "?mode=cancel"))
                        .method("PATCH", HttpRequest.BodyPublishers.noBody())
                        .build(),
                "cancel job " + jobId);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            boolean ended =
                    jobs().stream()
                            .filter(job -> job.id().equals(jobId))
                            .allMatch(job -> ENDED.contains(job.state()));
            if (ended) {
                return;
            }
            sleep();
        }
        throw new CliException(
                "Job " + jobId + " was cancelled but had not ended within " + timeout + ".");
    }

    /**
     * Waits until every task of the job is RUNNING, or the job ends; a job that failed says why. A
     * job that keeps failing and restarting is reported with its last failure at the timeout.
     */
    void awaitRunning(String jobId, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode job = send(get("/jobs/" + jobId), "read job " + jobId);
            String state = job.path("state").asText();
            boolean tasksRunning = job.path("vertices").size() > 0;
            for (JsonNode vertex : job.path("vertices")) {
                tasksRunning &= vertex.path("status").asText().equals("RUNNING");
            }
            if (state.equals("RUNNING") && tasksRunning) {
                return;
            }
            if (state.equals("FAILED")) {
                throw new CliException(
                        "Job "
                                + jobId
                                + " FAILED: "
                                + lastFailure(jobId).orElse("no failure recorded")
                                + " (more in the TaskManager's log and at "
                                + url
                                + "/#/job/completed/"
                                + jobId
                                + ")");
            }
            if (state.equals("CANCELED") || state.equals("FINISHED")) {
                throw new CliException("Job " + jobId + " is " + state + " already.");
            }
            sleep();
        }
        throw new CliException(
                "The tasks of job "
                        + jobId
                        + " were not all running within "
                        + timeout
                        + lastFailure(jobId)
                                .map(
                                        cause ->
                                                ": it keeps failing and restarting, last with: "
                                                        + cause
                                                        + ". Fix it and cancel the job.")
                                .orElse(" (still starting: see 'vigil job status')."));
    }

    /** The message of the job's latest failure, if it had one. */
    Optional<String> lastFailure(String jobId) {
        JsonNode exceptions = send(get("/jobs/" + jobId + "/exceptions"), "read job failures");
        JsonNode entries = exceptions.path("exceptionHistory").path("entries");
        String trace =
                entries.size() > 0
                        ? entries.get(0).path("stacktrace").asText()
                        : exceptions.path("root-exception").asText("");
        return trace.isBlank() ? Optional.empty() : Optional.of(FailureText.cause(trace));
    }

    private HttpRequest get(String path) {
        return HttpRequest.newBuilder(URI.create(url + path)).GET().build();
    }

    private HttpRequest post(String path, JsonNode body) {
        return HttpRequest.newBuilder(URI.create(url + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build();
    }

    private JsonNode send(HttpRequest request, String what) {
        HttpResponse<String> response = exchange(request, what);
        JsonNode body = json(response, what);
        if (response.statusCode() >= 400) {
            throw new CliException(
                    "The Flink cluster at "
                            + url
                            + " refused to "
                            + what
                            + " (HTTP "
                            + response.statusCode()
                            + "): "
                            + body.path("errors").toString());
        }
        return body;
    }

    private HttpResponse<String> exchange(HttpRequest request, String what) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            throw new CliException(
                    "Cannot reach the Flink cluster at "
                            + url
                            + " to "
                            + what
                            + ": is it running (./vigil stack up), and is --flink-url right?");
        } catch (IOException e) {
            throw new CliException("Could not " + what + " at " + url + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("Interrupted while trying to " + what);
        }
    }

    private JsonNode json(HttpResponse<String> response, String what) {
        try {
            return response.body().isEmpty()
                    ? JSON.createObjectNode()
                    : JSON.readTree(response.body());
        } catch (IOException e) {
            throw new CliException(
                    "The cluster at "
                            + url
                            + " answered "
                            + what
                            + " with something other than JSON (HTTP "
                            + response.statusCode()
                            + ")");
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(POLL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("Interrupted while waiting for the Flink cluster");
        }
    }
}
