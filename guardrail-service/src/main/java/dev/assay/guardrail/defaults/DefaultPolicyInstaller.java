package dev.assay.guardrail.defaults;

import dev.assay.guardrail.policy.Policy;
import dev.assay.guardrail.policy.PolicyService;
import dev.assay.guardrail.policy.document.CheckSpec;
import dev.assay.guardrail.policy.document.PolicyDocument;
import dev.assay.guardrail.scoring.ProductionClassifiers;
import dev.assay.platform.audit.AdminAudit;
import dev.assay.trainer.featurize.FeaturizerOptions;
import dev.assay.trainer.model.ModelLoadException;
import dev.assay.trainer.registry.ModelRegistry;
import dev.assay.trainer.registry.RegisteredModel;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Installs {@link DefaultPolicy} on a database that has no policy named {@value DefaultPolicy#NAME}:
 * each shipped classifier is registered and promoted where no production classifier of its name exists,
 * then the document is saved as version 1 with every classifier threshold bound to the version it was
 * chosen for (so a later hot swap to another model says so in every decision). A database that has the
 * policy, retired or edited, is left alone.
 */
@ApplicationScoped
public class DefaultPolicyInstaller {
  private static final Logger LOG = Logger.getLogger(DefaultPolicyInstaller.class);

  /** What an installation did: the policy version and, per classifier, the registry version it uses. */
  public record Installation(boolean installed, int policyVersion, Map<String, String> registered) {}

  private final PolicyService policies;
  private final ModelRegistry registry;
  private final ProductionClassifiers classifiers;

  public DefaultPolicyInstaller(PolicyService policies, ModelRegistry registry, ProductionClassifiers classifiers) {
    this.policies = policies;
    this.registry = registry;
    this.classifiers = classifiers;
  }

  public Installation installIfAbsent() {
    Optional<Policy> existing = QuarkusTransaction.requiringNew().call(() ->
        Policy.<Policy>find("name = ?1 order by version", DefaultPolicy.NAME).firstResultOptional());
    if (existing.isPresent()) {
      return new Installation(false, existing.get().version, Map.of());
    }
    Map<String, String> registered = new HashMap<>();
    Map<String, String> calibratedFor = new HashMap<>();
    for (String name : DefaultPolicy.modelNames()) {
      Optional<RegisteredModel> production = registry.productionClassifier(name);
      if (production.isPresent()) {
        // Someone's own classifier serves under this name: keep it; the shipped threshold was chosen
        // for the shipped model, which the decisions will say.
        calibratedFor.put(name, shippedVersion(name));
        LOG.warnf("The default policy uses the production classifier %s, not the shipped one",
            production.get().version());
        continue;
      }
      RegisteredModel model = registry.get(registerShipped(name));
      registry.promote(model.id, AdminAudit.SYSTEM);
      classifiers.refresh(name);
      registered.put(name, model.version());
      calibratedFor.put(name, model.version());
    }
    Policy policy = policies.createDocument(DefaultPolicy.NAME, bound(DefaultPolicy.document(), calibratedFor),
        AdminAudit.SYSTEM);
    LOG.infof("Installed guardrail policy %s version %d with the shipped classifiers %s", policy.name, policy.version,
        registered);
    return new Installation(true, policy.version, registered);
  }

  private long registerShipped(String name) {
    Path work = null;
    try {
      work = Files.createTempDirectory("assay-default-model-");
      return registry.registerClassifier(DefaultPolicy.extract(name, work.resolve(name)), name);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot copy the shipped classifier " + name, e);
    } finally {
      ShippedClassifiers.deleteQuietly(work);
    }
  }

  private static String shippedVersion(String name) {
    try (ShippedClassifiers shipped = ShippedClassifiers.load(List.of(name), FeaturizerOptions.inMemory())) {
      return shipped.production(name).orElseThrow().version();
    } catch (ModelLoadException e) {
      throw new IllegalStateException("the shipped classifier " + name + " does not load: " + e.getMessage(), e);
    }
  }

  /** The document with each classifier check bound to the version its threshold was chosen for. */
  static PolicyDocument bound(PolicyDocument document, Map<String, String> calibratedFor) {
    return new PolicyDocument(document.name(), document.description(), document.fallbackResponse(),
        document.onError(), document.uncertain(), bound(document.input(), calibratedFor),
        bound(document.output(), calibratedFor));
  }

  private static List<CheckSpec> bound(List<CheckSpec> checks, Map<String, String> calibratedFor) {
    List<CheckSpec> result = new ArrayList<>(checks.size());
    for (CheckSpec c : checks) {
      result.add(!CheckSpec.CLASSIFIER.equals(c.type()) ? c : new CheckSpec(c.name(), c.type(), c.action(),
          c.patterns(), c.list(), c.terms(), c.types(), c.model(), c.label(), c.threshold(),
          calibratedFor.get(c.model()), c.onUncalibrated()));
    }
    return result;
  }
}
