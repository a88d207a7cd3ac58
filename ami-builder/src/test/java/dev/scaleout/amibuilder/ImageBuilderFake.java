package dev.scaleout.amibuilder;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.common.Json;
import com.github.tomakehurst.wiremock.http.RequestMethod;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.scaleout.support.AwsClients;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * EC2 Image Builder at its HTTP boundary (REST/JSON, as the API reference documents it):
 * Get* answers 404 ResourceNotFoundException until a Create* for that ARN was served, then
 * what was created (see {@link #remember()}); Create or Update answer the ARN; a pipeline
 * execution walks GetImage through the states given to {@link #nextBuild}.
 */
final class ImageBuilderFake implements AutoCloseable {

    static final String ACCOUNT = "123456789012";
    final String region;
    final WireMockServer server;
    private int remembered;

    ImageBuilderFake(String region) {
        this.region = region;
        server = new WireMockServer(options()
                .dynamicPort()
                .bindAddress("127.0.0.1")
                .templatingEnabled(true)
                .globalTemplating(false));
        server.start();
        reset();
    }

    String arnBase() {
        return "arn:aws:imagebuilder:" + region + ":" + ACCOUNT + ":";
    }

    void reset() {
        server.resetAll();
        remembered = 0;
        components.clear();
        recipes.clear();
        images.clear();
        server.stubFor(
                post(urlPathMatching("/List.*")).atPriority(10).willReturn(json(200, "{\"requestId\":\"r-9\"}")));
        // Not found until created: the documented error shape of restJson services.
        server.stubFor(get(urlPathMatching("/Get.*"))
                .atPriority(10)
                .willReturn(error(404, "ResourceNotFoundException", "The resource does not exist")));
        server.stubFor(delete(urlPathMatching("/Delete.*"))
                .atPriority(10)
                .willReturn(error(404, "ResourceNotFoundException", "The resource does not exist")));
        created(
                "CreateComponent",
                "componentBuildVersionArn",
                "component/{{jsonPath request.body '$.name'}}/{{jsonPath request.body '$.semanticVersion'}}/1");
        created(
                "CreateImageRecipe",
                "imageRecipeArn",
                "image-recipe/{{jsonPath request.body '$.name'}}/{{jsonPath request.body '$.semanticVersion'}}");
        created(
                "CreateInfrastructureConfiguration",
                "infrastructureConfigurationArn",
                "infrastructure-configuration/{{jsonPath request.body '$.name'}}");
        created(
                "CreateDistributionConfiguration",
                "distributionConfigurationArn",
                "distribution-configuration/{{jsonPath request.body '$.name'}}");
        created("CreateImagePipeline", "imagePipelineArn", "image-pipeline/{{jsonPath request.body '$.name'}}");
        updated("UpdateInfrastructureConfiguration", "infrastructureConfigurationArn");
        updated("UpdateDistributionConfiguration", "distributionConfigurationArn");
        updated("UpdateImagePipeline", "imagePipelineArn");
    }

    private void created(String operation, String arnField, String arnPath) {
        server.stubFor(put(urlPathEqualTo("/" + operation))
                .willReturn(json(
                                200,
                                "{\"requestId\":\"{{randomValue type='UUID'}}\",\"clientToken\":\"{{jsonPath request.body '$.clientToken'}}\","
                                        + "\"" + arnField + "\":\"" + arnBase() + arnPath + "\"}")
                        .withTransformers("response-template")));
    }

    private void updated(String operation, String arnField) {
        server.stubFor(put(urlPathEqualTo("/" + operation))
                .willReturn(json(
                                200,
                                "{\"requestId\":\"{{randomValue type='UUID'}}\",\"clientToken\":\"{{jsonPath request.body '$.clientToken'}}\","
                                        + "\"" + arnField + "\":\"{{jsonPath request.body '$." + arnField + "'}}\"}")
                        .withTransformers("response-template")));
    }

    static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(int status, String body) {
        return aResponse()
                .withStatus(status)
                .withHeader("Content-Type", "application/json")
                .withHeader("x-amzn-RequestId", "00000000-0000-0000-0000-000000000000")
                .withBody(body);
    }

    static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder error(
            int status, String code, String message) {
        return json(status, "{\"message\":\"" + message + "\"}")
                .withHeader("x-amzn-ErrorType", code + ":http://internal.amazon.com/coral/com.amazon.imagebuilder/");
    }

    /**
     * Makes Get* answer every resource a served Create or Update sent, as the service stores
     * it: the request's fields plus its ARN (what a second run reads back).
     */
    void remember() {
        List<ServeEvent> events = new ArrayList<>(server.getAllServeEvents());
        Collections.reverse(events);
        for (ServeEvent e : events.subList(Math.min(remembered, events.size()), events.size())) {
            String path = e.getRequest().getUrl().replaceFirst("\\?.*", "");
            if (!RequestMethod.PUT.equals(e.getRequest().getMethod())
                    || e.getResponse().getStatus() != 200) {
                continue;
            }
            Map<String, Object> body = Json.read(e.getRequest().getBodyAsString(), Map.class);
            Map<String, Object> response = Json.read(e.getResponse().getBodyAsString(), Map.class);
            switch (path) {
                case "/StartImagePipelineExecution" -> {
                    String arn = (String) response.get("imageBuildVersionArn");
                    images.add(arn);
                    deletable("/DeleteImage", "imageBuildVersionArn", arn);
                }
                case "/CreateComponent" -> {
                    String arn = (String) response.get("componentBuildVersionArn");
                    components.add(Map.of(
                            "arn",
                            arn.substring(0, arn.lastIndexOf('/')),
                            "name",
                            body.get("name"),
                            "version",
                            body.get("semanticVersion"),
                            "platform",
                            "Linux",
                            "type",
                            "BUILD",
                            "owner",
                            ACCOUNT));
                    deletable("/DeleteComponent", "componentBuildVersionArn", arn);
                    Map<String, Object> c = stored(body, arn);
                    c.put("version", body.get("semanticVersion"));
                    c.put("type", "BUILD");
                    c.put("platform", body.get("platform"));
                    answer("/GetComponent", "componentBuildVersionArn", arn, "component", c);
                }
                case "/CreateImageRecipe" -> {
                    String arn = (String) response.get("imageRecipeArn");
                    recipes.add(Map.of(
                            "arn",
                            arn,
                            "name",
                            body.get("name"),
                            "platform",
                            "Linux",
                            "owner",
                            ACCOUNT,
                            "parentImage",
                            body.get("parentImage"),
                            "dateCreated",
                            "2026-11-26T01:00:00.000Z"));
                    deletable("/DeleteImageRecipe", "imageRecipeArn", arn);
                    Map<String, Object> r = stored(body, arn);
                    r.put("version", body.get("semanticVersion"));
                    r.put("platform", "Linux");
                    answer("/GetImageRecipe", "imageRecipeArn", arn, "imageRecipe", r);
                }
                case "/CreateInfrastructureConfiguration", "/UpdateInfrastructureConfiguration" -> {
                    String arn = (String) response.get("infrastructureConfigurationArn");
                    Map<String, Object> c = stored(body, arn);
                    c.putIfAbsent("name", arn.substring(arn.lastIndexOf('/') + 1));
                    deletable("/DeleteInfrastructureConfiguration", "infrastructureConfigurationArn", arn);
                    answer(
                            "/GetInfrastructureConfiguration",
                            "infrastructureConfigurationArn",
                            arn,
                            "infrastructureConfiguration",
                            c);
                }
                case "/CreateDistributionConfiguration", "/UpdateDistributionConfiguration" -> {
                    String arn = (String) response.get("distributionConfigurationArn");
                    Map<String, Object> c = stored(body, arn);
                    c.putIfAbsent("name", arn.substring(arn.lastIndexOf('/') + 1));
                    deletable("/DeleteDistributionConfiguration", "distributionConfigurationArn", arn);
                    answer(
                            "/GetDistributionConfiguration",
                            "distributionConfigurationArn",
                            arn,
                            "distributionConfiguration",
                            c);
                }
                case "/CreateImagePipeline", "/UpdateImagePipeline" -> {
                    String arn = (String) response.get("imagePipelineArn");
                    Map<String, Object> p = stored(body, arn);
                    p.putIfAbsent("name", arn.substring(arn.lastIndexOf('/') + 1));
                    deletable("/DeleteImagePipeline", "imagePipelineArn", arn);
                    answer("/GetImagePipeline", "imagePipelineArn", arn, "imagePipeline", p);
                }
                default -> {}
            }
        }
        remembered = events.size();
        lists();
    }

    private final List<Map<String, Object>> components = new ArrayList<>();
    private final List<Map<String, Object>> recipes = new ArrayList<>();
    private final List<String> images = new ArrayList<>();

    /** List* answer what was created (one page; the tool follows nextToken, absent here). */
    private void lists() {
        server.stubFor(post(urlPathEqualTo("/ListComponents"))
                .atPriority(5)
                .willReturn(json(200, Json.write(Map.of("requestId", "r-4", "componentVersionList", components)))));
        for (Map<String, Object> c : components) {
            String name = (String) c.get("name");
            server.stubFor(post(urlPathEqualTo("/ListComponents"))
                    .atPriority(1)
                    .withRequestBody(matchingJsonPath("$.filters[0].values[0]", equalTo(name)))
                    .willReturn(json(
                            200,
                            Json.write(Map.of(
                                    "requestId",
                                    "r-5",
                                    "componentVersionList",
                                    components.stream()
                                            .filter(x -> x.get("name").equals(name))
                                            .toList())))));
            server.stubFor(post(urlPathEqualTo("/ListComponentBuildVersions"))
                    .atPriority(1)
                    .withRequestBody(matchingJsonPath("$.componentVersionArn", equalTo((String) c.get("arn"))))
                    .willReturn(json(
                            200,
                            Json.write(Map.of(
                                    "requestId",
                                    "r-6",
                                    "componentSummaryList",
                                    List.of(Map.of(
                                            "arn",
                                            c.get("arn") + "/1",
                                            "name",
                                            name,
                                            "version",
                                            c.get("version"),
                                            "owner",
                                            ACCOUNT)))))));
        }
        Map<String, List<String>> buildsByVersion = new LinkedHashMap<>();
        for (String build : images) {
            buildsByVersion
                    .computeIfAbsent(build.substring(0, build.lastIndexOf('/')), k -> new ArrayList<>())
                    .add(build);
        }
        List<Map<String, Object>> versions = new ArrayList<>();
        buildsByVersion.forEach((version, builds) -> {
            String[] parts = version.split("/");
            versions.add(Map.of(
                    "arn",
                    version,
                    "name",
                    parts[parts.length - 2],
                    "version",
                    parts[parts.length - 1],
                    "type",
                    "AMI",
                    "platform",
                    "Linux",
                    "owner",
                    ACCOUNT));
            server.stubFor(post(urlPathEqualTo("/ListImageBuildVersions"))
                    .atPriority(1)
                    .withRequestBody(matchingJsonPath("$.imageVersionArn", equalTo(version)))
                    .willReturn(json(
                            200,
                            Json.write(Map.of(
                                    "requestId",
                                    "r-10",
                                    "imageSummaryList",
                                    builds.stream()
                                            .map(b -> Map.of(
                                                    "arn",
                                                    b,
                                                    "name",
                                                    parts[parts.length - 2],
                                                    "type",
                                                    "AMI",
                                                    "state",
                                                    Map.of("status", "AVAILABLE")))
                                            .toList())))));
        });
        server.stubFor(post(urlPathEqualTo("/ListImages"))
                .atPriority(5)
                .willReturn(json(200, Json.write(Map.of("requestId", "r-11", "imageVersionList", versions)))));
        server.stubFor(post(urlPathEqualTo("/ListImageRecipes"))
                .atPriority(5)
                .willReturn(json(200, Json.write(Map.of("requestId", "r-7", "imageRecipeSummaryList", recipes)))));
    }

    private void deletable(String path, String param, String arn) {
        server.stubFor(delete(urlPathEqualTo(path))
                .withQueryParam(param, equalTo(arn))
                .atPriority(1)
                .willReturn(json(200, Json.write(Map.of("requestId", "r-8", param, arn)))));
    }

    private static Map<String, Object> stored(Map<String, Object> request, String arn) {
        Map<String, Object> r = new LinkedHashMap<>(request);
        r.remove("clientToken");
        r.remove("semanticVersion");
        r.put("arn", arn);
        r.put("owner", ACCOUNT);
        r.put("dateCreated", "2026-11-26T01:00:00.000Z");
        return r;
    }

    private void answer(String path, String param, String arn, String field, Map<String, Object> value) {
        server.stubFor(get(urlPathEqualTo(path))
                .withQueryParam(param, equalTo(arn))
                .atPriority(1)
                .willReturn(json(200, Json.write(Map.of("requestId", "r-1", field, value)))));
    }

    /**
     * The next StartImagePipelineExecution returns {@code imageArn}; GetImage on it walks through
     * {@code states}, one per call, staying at the last (AVAILABLE with {@code ami}, or FAILED with {@code reason}).
     */
    void nextBuild(String imageArn, List<String> states, String ami, String reason) {
        server.stubFor(put(urlPathEqualTo("/StartImagePipelineExecution"))
                .willReturn(json(
                                200,
                                "{\"requestId\":\"r-2\",\"clientToken\":\"{{jsonPath request.body '$.clientToken'}}\",\"imageBuildVersionArn\":\""
                                        + imageArn + "\"}")
                        .withTransformers("response-template")));
        String scenario = "build " + imageArn;
        for (int i = 0; i < states.size(); i++) {
            String status = states.get(i);
            Map<String, Object> image = new LinkedHashMap<>();
            image.put("arn", imageArn);
            image.put("type", "AMI");
            image.put("platform", "Linux");
            Map<String, Object> state = new LinkedHashMap<>();
            state.put("status", status);
            if (status.equals("FAILED") && reason != null) {
                state.put("reason", reason);
            }
            image.put("state", state);
            if (status.equals("AVAILABLE")) {
                image.put(
                        "outputResources",
                        Map.of(
                                "amis",
                                List.of(Map.of(
                                        "region",
                                        region,
                                        "image",
                                        ami,
                                        "name",
                                        "scaleout-golden-x",
                                        "accountId",
                                        ACCOUNT))));
            }
            var stub = get(urlPathEqualTo("/GetImage"))
                    .withQueryParam("imageBuildVersionArn", equalTo(imageArn))
                    .atPriority(1)
                    .inScenario(scenario)
                    .whenScenarioStateIs(i == 0 ? Scenario.STARTED : "s" + i)
                    .willReturn(json(200, Json.write(Map.of("requestId", "r-3", "image", image))));
            if (i < states.size() - 1) {
                stub = stub.willSetStateTo("s" + (i + 1));
            }
            server.stubFor(stub);
        }
    }

    /** The next {@code times} calls of {@code operation} answer this error; then its usual stub answers again. */
    void failFirst(String operation, int times, int status, String code, String message) {
        String scenario = "fail " + operation;
        for (int i = 0; i < times; i++) {
            server.stubFor(com.github.tomakehurst.wiremock.client.WireMock.any(urlPathEqualTo("/" + operation))
                    .atPriority(1)
                    .inScenario(scenario)
                    .whenScenarioStateIs(i == 0 ? Scenario.STARTED : "f" + i)
                    .willReturn(error(status, code, message))
                    .willSetStateTo("f" + (i + 1)));
        }
    }

    /** "METHOD /Operation" of every request served, oldest first. */
    List<String> calls() {
        List<ServeEvent> events = new ArrayList<>(server.getAllServeEvents());
        Collections.reverse(events);
        return events.stream()
                .map(e -> e.getRequest().getMethod() + " "
                        + e.getRequest().getUrl().replaceFirst("\\?.*", ""))
                .toList();
    }

    /** The JSON body of the last request to {@code operation} in the journal. */
    Optional<Map<String, Object>> body(String operation) {
        List<ServeEvent> events = new ArrayList<>(server.getAllServeEvents());
        Collections.reverse(events);
        return events.stream()
                .filter(e -> e.getRequest().getUrl().replaceFirst("\\?.*", "").equals("/" + operation))
                .reduce((a, b) -> b)
                .map(e -> Json.read(e.getRequest().getBodyAsString(), Map.class));
    }

    void clearJournal() {
        remember();
        server.resetRequests();
        remembered = 0;
    }

    AwsClients clients() {
        return new AwsClients(
                Region.of(region),
                StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")),
                Optional.of(URI.create(server.baseUrl())));
    }

    @Override
    public void close() {
        server.stop();
    }
}
