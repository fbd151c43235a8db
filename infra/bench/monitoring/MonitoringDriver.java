import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

/**
 * Monitoring overhead benchmark driver (see run.sh): two replicas of the app on the same database, one
 * with the decision observers on ({@code assay.monitoring.enabled=true}), one with them off, saturated in
 * turn by the guardrail benchmark's 32 closed-loop clients ({@link CheckDriver#saturation}), the order
 * swapped every round so that a drift of the shared host falls on both. Prints decisions/s of each phase,
 * each round's overhead and the overall one (1 - on/off) against the 10% target, and how much the
 * watched replica's decision counter moved (none on the other), which shows the setting took effect.
 *
 * <pre>java -cp CLASSES:'app/target/quarkus-app/lib/main/*' MonitoringDriver URL_ON URL_OFF KEY POLICY...</pre>
 */
public class MonitoringDriver {
  public static void main(String[] args) throws Exception {
    String on = args[0];
    String off = args[1];
    String key = args[2];
    int seconds = Integer.getInteger("seconds", 20);
    int rounds = Integer.getInteger("rounds", 3);
    System.setProperty("http.maxConnections", "128");
    boolean allMet = true;
    for (int p = 3; p < args.length; p++) {
      String policy = args[p];
      System.out.printf("== policy %s: %d rounds of %d s per replica, 32 clients ==%n", policy, rounds, seconds);
      URI checkOn = URI.create(on + "/api/v1/guardrail/check");
      URI checkOff = URI.create(off + "/api/v1/guardrail/check");
      // Warm-up: both replicas' request paths compiled before anything is measured.
      CheckDriver.saturation(checkOn, key, policy, 15);
      CheckDriver.saturation(checkOff, key, policy, 15);
      double countedBefore = decisionsCounted(on, policy);
      double offCountedBefore = decisionsCounted(off, policy);
      List<Double> onRates = new ArrayList<>();
      List<Double> offRates = new ArrayList<>();
      for (int r = 0; r < rounds; r++) {
        boolean onFirst = r % 2 == 0;
        double first = CheckDriver.saturation(onFirst ? checkOn : checkOff, key, policy, seconds);
        double second = CheckDriver.saturation(onFirst ? checkOff : checkOn, key, policy, seconds);
        double withMonitoring = onFirst ? first : second;
        double without = onFirst ? second : first;
        onRates.add(withMonitoring);
        offRates.add(without);
        System.out.printf("round %d (%s first): monitoring on %6.0f decisions/s, off %6.0f decisions/s, overhead %5.1f%%%n",
            r + 1, onFirst ? "on" : "off", withMonitoring, without, 100 * (1 - withMonitoring / without));
      }
      double meanOn = onRates.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
      double meanOff = offRates.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
      double overhead = 1 - meanOn / meanOff;
      boolean met = overhead <= 0.10;
      allMet &= met;
      System.out.printf("mean: on %.0f, off %.0f decisions/s: overhead %.1f%% of throughput, target <= 10%%  %s%n",
          meanOn, meanOff, 100 * overhead, met ? "OK" : "MISSED");
      System.out.printf("decisions counted by the meters during the rounds: on %.0f, off %.0f%n",
          decisionsCounted(on, policy) - countedBefore, decisionsCounted(off, policy) - offCountedBefore);
    }
    System.exit(allMet ? 0 : 3);
  }

  /** The sum of assay_guardrail_decisions_total for this policy, as /q/metrics shows it (a loopback caller). */
  static double decisionsCounted(String url, String policy) throws Exception {
    String text = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url + "/q/metrics")).build(),
        HttpResponse.BodyHandlers.ofString()).body();
    double sum = 0;
    for (String line : text.split("\n")) {
      if (line.startsWith("assay_guardrail_decisions_total{") && line.contains("policy=\"" + policy + "\"")) {
        sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return sum;
  }
}
