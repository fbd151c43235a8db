package dev.assay.app.architecture;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds SQL that names a preference-store table in a class's string constants (where javac puts
 * literals and the recipes of concatenations). ArchUnit does not expose constants, so the class file's
 * constant pool is read here.
 */
final class StoreTableSql {
  /** The tables preference-store owns (its store and platform migrations). */
  static final List<String> TABLES = List.of("text_blob", "prompt", "comparison", "candidate", "dataset",
      "preference", "dataset_record", "snapshot", "snapshot_record", "import_job", "app_user", "api_key",
      "outbox_event", "audit_chain", "admin_audit");
  private static final Pattern SQL_NAMING_A_TABLE = Pattern.compile(
      "\\b(?:FROM|JOIN|INTO|UPDATE|TABLE)\\s+(" + String.join("|", TABLES) + ")\\b");

  private StoreTableSql() {}

  static ArchCondition<JavaClass> notNameAStoreTable() {
    return new ArchCondition<>("not name a preference-store table in SQL") {
      @Override
      public void check(JavaClass javaClass, ConditionEvents events) {
        for (String constant : stringConstants(javaClass)) {
          Matcher sql = SQL_NAMING_A_TABLE.matcher(constant);
          if (sql.find()) {
            events.add(SimpleConditionEvent.violated(javaClass, javaClass.getName() + " names store table "
                + sql.group(1) + " in SQL: \"" + abbreviate(constant) + "\""));
          }
        }
      }
    };
  }

  private static String abbreviate(String text) {
    String flat = text.replaceAll("\\s+", " ");
    return flat.length() <= 120 ? flat : flat.substring(0, 117) + "...";
  }

  /** The CONSTANT_String values of a class file (JVMS 4.4). */
  static List<String> stringConstants(JavaClass javaClass) {
    String resource = "/" + javaClass.getName().replace('.', '/') + ".class";
    try (InputStream stream = javaClass.reflect().getResourceAsStream(resource)) {
      if (stream == null) {
        throw new IllegalStateException("no class file for " + javaClass.getName());
      }
      DataInputStream in = new DataInputStream(stream);
      in.readInt(); // magic
      in.readUnsignedShort(); // minor
      in.readUnsignedShort(); // major
      int count = in.readUnsignedShort();
      String[] utf8 = new String[count];
      List<Integer> stringRefs = new ArrayList<>();
      for (int i = 1; i < count; i++) {
        int tag = in.readUnsignedByte();
        switch (tag) {
          case 1 -> utf8[i] = in.readUTF();
          case 8 -> stringRefs.add(in.readUnsignedShort());
          case 7, 16, 19, 20 -> in.readUnsignedShort();
          case 15 -> {
            in.readUnsignedByte();
            in.readUnsignedShort();
          }
          case 3, 4, 9, 10, 11, 12, 17, 18 -> in.readInt();
          case 5, 6 -> {
            in.readLong();
            i++; // eight-byte constants take two slots
          }
          default -> throw new IllegalStateException("unknown constant tag " + tag + " in " + javaClass.getName());
        }
      }
      return stringRefs.stream().map(ref -> utf8[ref]).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
