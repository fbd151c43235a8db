import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.GZIPInputStream;

/**
 * Benchmark input: N TRL-standard pairs recombined from the shared data (deterministic seed), written
 * as JSON lines for {@code ./assay import} and, when a second path is given, the same rows (prompt,
 * chosen, rejected) as CSV for PostgreSQL {@code COPY}.
 *
 * <p>Prompts are AlpacaEval instructions and HH-RLHF first human turns; chosen and rejected are answers
 * drawn from different records. Run (compiled with {@code ../common/JsonLines.java}, as run.sh does):
 * {@code java GeneratePairs SHARED_DATA_DIR N OUT.jsonl [OUT.csv] [SEED]}.
 */
public class GeneratePairs {
  public static void main(String[] args) throws IOException {
    Path shared = Path.of(args[0]);
    long count = Long.parseLong(args[1]);
    Path jsonl = Path.of(args[2]);
    Path csv = args.length > 3 && !args[3].equals("-") ? Path.of(args[3]) : null;
    long seed = args.length > 4 ? Long.parseLong(args[4]) : 20261123L;

    List<String> prompts = new ArrayList<>();
    List<String> answers = new ArrayList<>();
    for (String line : lines(shared.resolve("alpaca-eval-judged-pairs-dev.jsonl.gz"))) {
      prompts.add(JsonLines.field(line, "instruction"));
      answers.add(JsonLines.field(line, "output_1"));
      answers.add(JsonLines.field(line, "output_2"));
    }
    for (String line : lines(shared.resolve("hh-rlhf-harmless-dev.jsonl.gz"))) {
      String chosen = JsonLines.field(line, "chosen");
      int human = chosen.indexOf("\n\nHuman: ");
      int assistant = chosen.indexOf("\n\nAssistant:", human + 1);
      if (human >= 0 && assistant > human) {
        prompts.add(chosen.substring(human + 9, assistant));
      }
      int last = chosen.lastIndexOf("\n\nAssistant:");
      if (last >= 0) {
        answers.add(chosen.substring(last + 12).strip());
      }
    }
    prompts.removeIf(p -> p == null || p.isEmpty());
    answers.removeIf(a -> a == null);

    SplittableRandom random = new SplittableRandom(seed);
    try (Writer out = buffered(jsonl); Writer copy = csv == null ? Writer.nullWriter() : buffered(csv)) {
      for (long i = 0; i < count; i++) {
        String prompt = prompts.get(random.nextInt(prompts.size()));
        int c = random.nextInt(answers.size());
        int r = random.nextInt(answers.size() - 1);
        if (r >= c) {
          r++;
        }
        String chosen = answers.get(c);
        String rejected = answers.get(r);
        out.write("{\"id\":\"bench-" + i + "\",\"prompt\":" + json(prompt) + ",\"chosen\":" + json(chosen)
            + ",\"rejected\":" + json(rejected) + "}\n");
        copy.write(csv(prompt) + "," + csv(chosen) + "," + csv(rejected) + "\n");
      }
    }
    System.err.printf("wrote %,d pairs from %,d prompts and %,d answers%n", count, prompts.size(), answers.size());
  }

  private static Writer buffered(Path file) throws IOException {
    return new BufferedWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8), 1 << 20);
  }

  private static List<String> lines(Path gz) throws IOException {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(
        new GZIPInputStream(Files.newInputStream(gz)), StandardCharsets.UTF_8))) {
      return in.lines().filter(l -> !l.isBlank()).toList();
    }
  }

  static String json(String text) {
    StringBuilder out = new StringBuilder(text.length() + 16).append('"');
    for (int i = 0; i < text.length(); i++) {
      char ch = text.charAt(i);
      switch (ch) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (ch < 0x20) {
            out.append(String.format("\\u%04x", (int) ch));
          } else {
            out.append(ch);
          }
        }
      }
    }
    return out.append('"').toString();
  }

  static String csv(String text) {
    return "\"" + text.replace("\"", "\"\"") + "\"";
  }
}
