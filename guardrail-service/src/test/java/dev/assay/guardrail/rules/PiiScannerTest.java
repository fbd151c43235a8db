package dev.assay.guardrail.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PiiScannerTest {

  private static final Set<PiiType> ALL = EnumSet.allOf(PiiType.class);

  private final PiiScanner scanner = new PiiScanner();

  @Test
  void findsEmailAddressesAtTheirOffsets() {
    String text = "Write to alice.smith+news@mail.example.co.uk, or bob@x.io.";

    assertThat(found(text, PiiType.EMAIL)).containsExactly("alice.smith+news@mail.example.co.uk", "bob@x.io");
  }

  @ParameterizedTest
  @ValueSource(strings = {"user@localhost", "@alice and @bob", "a@b", "name@domain.", "see me @ 5pm"})
  void ignoresWhatIsNotAnEmailAddress(String text) {
    assertThat(scanner.scan(text, ALL)).isEmpty();
  }

  @Test
  void findsCardNumbersThatPassTheLuhnCheck() {
    String text = "Visa 4111 1111 1111 1111, Amex 3782-822463-10005, Mastercard 5555555555554444.";

    assertThat(found(text, PiiType.CREDIT_CARD))
        .containsExactly("4111 1111 1111 1111", "3782-822463-10005", "5555555555554444");
  }

  @Test
  void ignoresCardShapedNumbersThatFailTheLuhnCheckOrMixSeparators() {
    String text = "4111 1111 1111 1112, 5555555555554445, 4111-1111 1111-1111 and order 12345678901234567890";

    assertThat(scanner.scan(text, ALL)).isEmpty();
  }

  @Test
  void findsEveryGeneratedCardNumberAndNoneWithAWrongCheckDigit() {
    Random random = new Random(19);
    String[] prefixes = {"4", "51", "55", "2221", "34", "37", "6011", "65", "35"};
    for (int i = 0; i < 500; i++) {
      String prefix = prefixes[random.nextInt(prefixes.length)];
      boolean amex = prefix.equals("34") || prefix.equals("37");
      int length = amex ? 15 : prefix.equals("4") && random.nextBoolean() ? 13 : 16;
      StringBuilder digits = new StringBuilder(prefix);
      while (digits.length() < length - 1) {
        digits.append(random.nextInt(10));
      }
      String valid = digits.toString() + checkDigit(digits.toString());
      String invalid = digits.toString() + (checkDigit(digits.toString()) + 1 + random.nextInt(9)) % 10;
      String grouped = valid.replaceAll("(\\d{4})(?=\\d)", "$1 ");

      assertThat(found("pay with " + valid + " now", PiiType.CREDIT_CARD)).as(valid).containsExactly(valid);
      assertThat(found("card: " + grouped, PiiType.CREDIT_CARD)).as(grouped).containsExactly(grouped);
      assertThat(scanner.scan("pay with " + invalid + " now", ALL)).as(invalid).isEmpty();
    }
  }

  @Test
  void findsIbansThatPassTheMod97Check() {
    String text = "Pay DE89 3704 0044 0532 0130 00 or GB82WEST12345698765432 or fr1420041010050500013m02606.";

    assertThat(found(text, PiiType.IBAN))
        .containsExactly("DE89 3704 0044 0532 0130 00", "GB82WEST12345698765432", "fr1420041010050500013m02606");
  }

  @Test
  void ignoresIbansWithAWrongCheckOrLength() {
    String text = "DE89 3704 0044 0532 0130 01, GB82WEST1234569876543, XX82WEST12345698765432, DE8937040044053201300012";

    assertThat(scanner.scan(text, Set.of(PiiType.IBAN))).isEmpty();
  }

  @Test
  void findsEveryGeneratedIbanAndNoneWithOneDigitChanged() {
    Random random = new Random(13616);
    for (int i = 0; i < 300; i++) {
      StringBuilder bban = new StringBuilder();
      for (int d = 0; d < 18; d++) {
        bban.append(random.nextInt(10));
      }
      String valid = "DE" + ibanCheckDigits("DE", bban.toString()) + bban;
      int position = 4 + random.nextInt(18);
      char changed = (char) ('0' + (valid.charAt(position) - '0' + 1 + random.nextInt(9)) % 10);
      String invalid = valid.substring(0, position) + changed + valid.substring(position + 1);

      assertThat(found("to " + valid + ".", PiiType.IBAN)).as(valid).containsExactly(valid);
      assertThat(scanner.scan("to " + invalid + ".", Set.of(PiiType.IBAN))).as(invalid).isEmpty();
    }
  }

  @Test
  void findsInternationalAndNationalPhoneNumbers() {
    String text = "Call +44 20 7946 0958, +1 (415) 555-0132, (415) 555-0132, 415.555.0132, "
        + "020 7946 0958 or 06 12 34 56 78.";

    assertThat(found(text, PiiType.PHONE)).containsExactly(
        "+44 20 7946 0958", "+1 (415) 555-0132", "(415) 555-0132", "415.555.0132", "020 7946 0958", "06 12 34 56 78");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "In 2024 we sold 1,234,567 units for $1 234 567.",
      "Meet on 2024-01-15 or 01.02.2024 at 10:30.",
      "The server is at 192.168.100.200 port 8080.",
      "Pi is 3.14159265358979.",
      "Order 12345678 shipped.",
      "Pay 4111 1111 1111 1111."
  })
  void yearsAmountsDatesAndCardsAreNotPhones(String text) {
    assertThat(scanner.scan(text, Set.of(PiiType.PHONE))).isEmpty();
  }

  @Test
  void findsWellKnownKeyShapes() {
    String pem = "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA7bq\n-----END RSA PRIVATE KEY-----";
    String jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U";
    String text = String.join(" ",
        "AKIAIOSFODNN7EXAMPLE", "ghp_A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8", "github_pat_11ABCDEFG0123456789_abcdefghijklmnop",
        "xoxb-123456789012-abcdefABCDEF", "sk-proj-a8F3kLm9Qz2Xv7Bn4Tp1Rw6Y", "AIzaSyA1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q", pem, jwt);

    assertThat(found(text, PiiType.SECRET)).containsExactly(
        "AKIAIOSFODNN7EXAMPLE", "ghp_A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8", "github_pat_11ABCDEFG0123456789_abcdefghijklmnop",
        "xoxb-123456789012-abcdefABCDEF", "sk-proj-a8F3kLm9Qz2Xv7Bn4Tp1Rw6Y", "AIzaSyA1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q", pem, jwt);
  }

  @Test
  void findsHighEntropyValuesAssignedToKeyNames() {
    String text = "api_key=\"q8Zt3LmX9vR2pK7w\"\npassword: Tr0ub4dor&3x\nAuthorization: Bearer aB3dE5fG7hJ9kL1mN3pQ\n"
        + "{\"client_secret\": \"Zx81vQpL02mNa7Rt\"} X-Api-Key:  k9Lm2Pq8Rs7Tu6Vw";

    assertThat(found(text, PiiType.SECRET)).containsExactly(
        "q8Zt3LmX9vR2pK7w", "Tr0ub4dor&3x", "aB3dE5fG7hJ9kL1mN3pQ", "Zx81vQpL02mNa7Rt", "k9Lm2Pq8Rs7Tu6Vw");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "password=YOUR_API_KEY_HERE",
      "api_key: <your-api-key>",
      "token = ${GITHUB_TOKEN}",
      "password: changeme",
      "password: aaaaaaaaaaaa",
      "the token: undefined value",
      "install sk-learn-is-a-great-library",
      "password: ********",
      "the monkey: Zx81vQpL02mNa7Rt and tokens: Zx81vQpL02mNa7Rt"
  })
  void ignoresPlaceholdersWordsAndLowEntropyValues(String text) {
    assertThat(scanner.scan(text, ALL)).isEmpty();
  }

  @Test
  void scansOnlyTheRequestedTypes() {
    String text = "mail bob@example.com or call +44 20 7946 0958";

    assertThat(scanner.scan(text, Set.of(PiiType.PHONE))).extracting(PiiMatch::type).containsExactly(PiiType.PHONE);
    assertThat(scanner.scan(text, Set.of())).isEmpty();
  }

  @Test
  void redactsEachSpanWithItsTypesMask() {
    String text = "Mail bob@example.com, call +44 20 7946 0958, pay 4111 1111 1111 1111 "
        + "to DE89 3704 0044 0532 0130 00 with key AKIAIOSFODNN7EXAMPLE.";

    String redacted = scanner.redact(text, scanner.scan(text, ALL));

    assertThat(redacted).isEqualTo(
        "Mail [EMAIL], call [PHONE], pay [CREDIT-CARD] to [IBAN] with key [SECRET].");
  }

  @Test
  void redactsOverlappingMatchesOnceAndRefusesSpansBeyondTheText() {
    List<PiiMatch> overlapping = List.of(new PiiMatch(PiiType.SECRET, 0, 10), new PiiMatch(PiiType.EMAIL, 5, 8));

    assertThat(scanner.redact("0123456789 tail", overlapping)).isEqualTo("[SECRET] tail");
    assertThatThrownBy(() -> scanner.redact("short", List.of(new PiiMatch(PiiType.EMAIL, 2, 9))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("beyond");
  }

  @Test
  void missesObfuscatedAddressesInTheOriginalButFindsThemInTheNormalisedView() {
    String text = "mail bob\u200B@example.com";

    NormalizedText normalized = new TextNormalizer().normalize(text);

    assertThat(scanner.scan(text, ALL)).isEmpty();
    assertThat(scanner.scan(normalized.normalized(), ALL)).extracting(PiiMatch::type).containsExactly(PiiType.EMAIL);
  }

  @Test
  void typesHaveWireNamesAndRefuseUnknownOnes() {
    assertThat(PiiType.CREDIT_CARD.wireName()).isEqualTo("credit-card");
    for (PiiType type : PiiType.values()) {
      assertThat(PiiType.fromWire(type.wireName())).isEqualTo(type);
    }
    assertThatThrownBy(() -> PiiType.fromWire("ssn"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'ssn'")
        .hasMessageContaining("email, phone, credit-card, iban, secret");
  }

  private List<String> found(String text, PiiType type) {
    List<PiiMatch> matches = scanner.scan(text, ALL);
    assertThat(matches).extracting(PiiMatch::type).containsOnly(type);
    return matches.stream().map(match -> text.substring(match.start(), match.end())).toList();
  }

  private static int checkDigit(String digitsWithoutCheck) {
    for (int check = 0; check < 10; check++) {
      if (PiiScanner.luhn(digitsWithoutCheck + check)) {
        return check;
      }
    }
    throw new AssertionError("no Luhn check digit for " + digitsWithoutCheck);
  }

  private static String ibanCheckDigits(String country, String bban) {
    StringBuilder numeric = new StringBuilder();
    for (char c : (bban + country + "00").toCharArray()) {
      numeric.append(Character.digit(c, 36));
    }
    int check = 98 - new BigInteger(numeric.toString()).mod(BigInteger.valueOf(97)).intValue();
    return String.format("%02d", check);
  }
}
