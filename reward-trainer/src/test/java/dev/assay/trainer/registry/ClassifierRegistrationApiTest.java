package dev.assay.trainer.registry;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.platform.identity.Roles;
import dev.assay.testing.TestIdentities;
import dev.assay.trainer.ClassifierFixture;
import dev.assay.trainer.TrainerSettings;
import dev.assay.trainer.model.ModelKind;
import dev.assay.trainer.training.ClassifierJob;
import dev.assay.trainer.training.LabeledTexts;
import dev.assay.trainer.training.TrainingConfig;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Registering a classifier over REST (its directory zipped), promoting it, and refusing bad uploads by part. */
@QuarkusTest
class ClassifierRegistrationApiTest {
  private static final String MULTIPART = "multipart/form-data";
  @Inject TrainerSettings settings;
  private static Path work;
  private static byte[] zippedModel;

  @BeforeAll
  static void trainOnce() throws Exception {
    work = Files.createTempDirectory("classifier-upload-");
    Path model = work.resolve("topic-model");
    ClassifierJob.builder()
        .setConfig(TrainingConfig.builder().optKind(ModelKind.CLASSIFIER)
            .optFeaturizer("hashed:response=4096,prompt=0,char3=true").optEpochs(8).optBatchSize(8).optSeed(2).build())
        .setTrainingData(LabeledTexts.read(ClassifierFixture.training(work), ClassifierFixture.COLUMNS))
        .setOutputDirectory(model)
        .build()
        .run();
    zippedModel = zip(model, "topic-model/");
  }

  @Test
  void aZippedClassifierIsRegisteredWithLocationAuditedAndPromotedThroughItsGate() throws Exception {
    String researcher = TestIdentities.bearer(Roles.RESEARCHER);
    String adminName = "classifier-admin-" + UUID.randomUUID().toString().substring(0, 8);
    String admin = "Bearer " + TestIdentities.key(Roles.ADMIN, adminName);
    String name = "uploaded-topics-" + System.nanoTime();

    Response created = post(researcher, new Form().text("name", name).file("model", "model.zip", zippedModel)
        .file("evaluation", "held-out.jsonl", Files.readAllBytes(ClassifierFixture.heldOut(newDirectory()))));

    assertThat(created.statusCode()).as(created.asString()).isEqualTo(201);
    JsonPath model = given().header("Authorization", researcher).get(created.header("Location"))
        .then().statusCode(200).extract().jsonPath();
    long id = model.getLong("id");
    assertThat(model.getString("kind")).isEqualTo("CLASSIFIER");
    assertThat(model.getString("stage")).isEqualTo("CANDIDATE");
    assertThat(model.getString("version")).isEqualTo(name + "-v1");
    given().header("Authorization", researcher).post("/api/v1/models/" + id + "/promote").then().statusCode(403);

    JsonPath gate = given().header("Authorization", admin).post("/api/v1/models/" + id + "/promote")
        .then().statusCode(200).extract().jsonPath();

    assertThat(gate.getBoolean("passed")).isTrue();
    assertThat(gate.getString("metric")).isEqualTo("macro F1");
    assertThat(gate.getString("evaluationSet")).contains("evaluation file");
    assertThat(gate.getInt("examples")).isEqualTo(12);
    assertThat(gate.getDouble("candidateScore")).isGreaterThan(0.5);
    assertThat((Object) gate.get("baselineScore")).as("no production classifier of that name before").isNull();
    JsonPath audit = given().header("Authorization", admin).queryParam("target", "model:" + id)
        .get("/api/v1/admin/audit").then().statusCode(200).extract().jsonPath();
    assertThat(audit.getList("items.action")).containsExactlyInAnyOrder("model.register", "model.promote");
    assertThat(given().header("Authorization", researcher).get("/api/v1/models/" + id).jsonPath().getString("stage"))
        .isEqualTo("PRODUCTION");
  }

  /** The zipped directory of a fine-tuned encoder is self-contained: the registry's copy scores the evaluation file. */
  @Test
  void aFineTunedClassifierIsRegisteredFromItsZipAndScoredByThePromotionGate() throws Exception {
    Path model = newDirectory().resolve("fine-tuned");
    ClassifierJob.builder()
        .setConfig(TrainingConfig.builder().optKind(ModelKind.CLASSIFIER).optFeaturizer("minilm").optFineTune(true)
            .optEpochs(1).optBatchSize(16).optSeed(2).build())
        .setTrainingData(LabeledTexts.read(ClassifierFixture.training(newDirectory()), ClassifierFixture.COLUMNS))
        .setOutputDirectory(model)
        .build()
        .run();
    String researcher = TestIdentities.bearer(Roles.RESEARCHER);
    String name = "fine-tuned-topics-" + System.nanoTime();

    Response created = post(researcher, new Form().text("name", name).file("model", "model.zip", zip(model, "fine-tuned/"))
        .file("evaluation", "held-out.jsonl", Files.readAllBytes(ClassifierFixture.heldOut(newDirectory()))));

    assertThat(created.statusCode()).as(created.asString()).isEqualTo(201);
    JsonPath registered = given().header("Authorization", researcher).get(created.header("Location"))
        .then().statusCode(200).extract().jsonPath();
    assertThat(registered.getString("featurizer")).isEqualTo("minilm");
    Response promotion = given().header("Authorization", TestIdentities.bearer(Roles.ADMIN))
        .post("/api/v1/models/" + registered.getLong("id") + "/promote");
    // Passed or refused, the gate scored all 12 held-out examples with the registered copy.
    assertThat(promotion.statusCode()).as(promotion.asString()).isIn(200, 409);
    String gate = promotion.statusCode() == 200 ? "" : "gate.";
    assertThat(promotion.jsonPath().getInt(gate + "examples")).isEqualTo(12);
    assertThat(promotion.jsonPath().getDouble(gate + "candidateScore")).isBetween(0.0, 1.0);
  }

  @Test
  void anArchiveEntryPointingOutsideTheArchiveIsRefusedNamingTheModelAndWritesNothingThere() throws Exception {
    String escape = "escaped-" + UUID.randomUUID() + ".json";
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      zip.putNextEntry(new ZipEntry("../../" + escape));
      zip.write("{}".getBytes(StandardCharsets.UTF_8));
      zip.closeEntry();
    }

    Response refused = post(TestIdentities.bearer(Roles.RESEARCHER),
        new Form().text("name", "slipping-" + System.nanoTime()).file("model", "model.zip", bytes.toByteArray()));

    assertRefused(refused, "model");
    try (Stream<Path> found = Files.find(settings.dataDir().toAbsolutePath(), 8,
        (path, attributes) -> path.getFileName().toString().equals(escape))) {
      assertThat(found).isEmpty();
    }
  }

  @Test
  void badUploadsAreRefusedNamingTheirPart() throws Exception {
    String researcher = TestIdentities.bearer(Roles.RESEARCHER);
    assertRefused(post(researcher, new Form().text("name", "not-a-zip-" + System.nanoTime())
        .file("model", "model.zip", "plain text, no archive".getBytes(StandardCharsets.UTF_8))), "model");
    assertRefused(post(researcher, new Form().text("name", "Not A Name").file("model", "model.zip", zippedModel)), "name");
    assertRefused(post(researcher, new Form().text("name", "no-archive-" + System.nanoTime())), "model");
    assertRefused(post(researcher, new Form().text("name", "bad-evaluation-" + System.nanoTime())
        .file("model", "model.zip", zippedModel)
        .file("evaluation", "examples.csv", "question,answer\nWhat?,That.\n".getBytes(StandardCharsets.UTF_8))),
        "evaluation");
    assertRefused(given().header("Authorization", researcher).contentType("application/json").body("{}")
        .post("/api/v1/models/classifiers"), "model");
    given().contentType("application/json").body("{}").post("/api/v1/models/classifiers").then().statusCode(401);
    // an archive that holds no classifier
    assertRefused(post(researcher, new Form().text("name", "empty-model-" + System.nanoTime())
        .file("model", "model.zip", zipOf("notes.txt", "nothing here"))), "model");
  }

  @Test
  void anUnknownModelIsNotFound() {
    String admin = TestIdentities.bearer(Roles.ADMIN);
    given().header("Authorization", admin).get("/api/v1/models/987654321").then().statusCode(404);
    given().header("Authorization", admin).post("/api/v1/models/987654321/promote").then().statusCode(404);
  }

  /** Sent as built by hand, so each test controls every part. */
  private static Response post(String authorization, Form form) {
    return given().header("Authorization", authorization).contentType(MULTIPART + "; boundary=" + Form.BOUNDARY)
        .body(form.bytes()).post("/api/v1/models/classifiers");
  }

  /** A multipart/form-data body. */
  private static final class Form {
    static final String BOUNDARY = "assay-test-boundary-7f3a";
    private final ByteArrayOutputStream parts = new ByteArrayOutputStream();

    Form text(String name, String value) {
      return part("Content-Disposition: form-data; name=\"" + name + "\"", value.getBytes(StandardCharsets.UTF_8));
    }

    Form file(String name, String fileName, byte[] content) {
      return part("Content-Disposition: form-data; name=\"" + name + "\"; filename=\"" + fileName + "\"\r\n"
          + "Content-Type: application/octet-stream", content);
    }

    byte[] bytes() {
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      body.writeBytes(parts.toByteArray());
      body.writeBytes(("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
      return body.toByteArray();
    }

    private Form part(String headers, byte[] content) {
      parts.writeBytes(("--" + BOUNDARY + "\r\n" + headers + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
      parts.writeBytes(content);
      parts.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
      return this;
    }
  }

  private static void assertRefused(Response response, String field) {
    assertThat(response.statusCode()).as(response.asString()).isEqualTo(422);
    assertThat(response.contentType()).startsWith("application/problem+json");
    assertThat(response.jsonPath().getString("field")).isEqualTo(field);
  }

  private static Path newDirectory() throws IOException {
    return Files.createTempDirectory(work, "files-");
  }

  private static byte[] zip(Path directory, String prefix) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes); Stream<Path> files = Files.list(directory)) {
      zip.setLevel(Deflater.NO_COMPRESSION); // a fine-tuned encoder's 90 MB of floats barely compress
      // as zip tools write it: the folder's own entry first
      zip.putNextEntry(new ZipEntry(prefix));
      zip.closeEntry();
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        zip.putNextEntry(new ZipEntry(prefix + file.getFileName()));
        zip.write(Files.readAllBytes(file));
        zip.closeEntry();
      }
    }
    return bytes.toByteArray();
  }

  private static byte[] zipOf(String entry, String content) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      zip.putNextEntry(new ZipEntry(entry));
      zip.write(content.getBytes(StandardCharsets.UTF_8));
      zip.closeEntry();
    }
    return bytes.toByteArray();
  }
}
