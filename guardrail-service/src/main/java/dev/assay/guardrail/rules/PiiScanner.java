package dev.assay.guardrail.rules;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds personal data and secrets in a text and masks them.
 *
 * <ul>
 *   <li>{@code email}: local part (at most 64 characters) {@code @} a dotted domain with a letter TLD;
 *   <li>{@code phone}: international numbers ({@code +CC}, 7 to 15 digits) and common national forms
 *       (North American {@code (415) 555-0132} / {@code 415-555-0132}; trunk-prefixed {@code 020 7946
 *       0958}, {@code 06 12 34 56 78}, 9 to 12 digits); years, prices, dates and card numbers are not
 *       phones;
 *   <li>{@code credit-card}: 13 to 19 digits, plain or grouped by one kind of separator (space or
 *       hyphen), starting 2 to 6 (the card networks' ranges) and passing the Luhn check;
 *   <li>{@code iban}: ISO 13616: country code, check digits and the country's length, mod-97 = 1;
 *   <li>{@code secret}: well-known key shapes (AWS {@code AKIA…}, GitHub {@code ghp_…} and
 *       {@code github_pat_…}, Slack {@code xox?-…}, {@code sk-…} API keys, Stripe, Google
 *       {@code AIza…}, PEM private keys, JWTs) and values assigned to {@code api_key}, {@code token},
 *       {@code password} and the like, or sent as a bearer token, when the value looks random (high
 *       entropy, mixed character classes, not a placeholder such as {@code <your-key>}).
 * </ul>
 *
 * <p>Offsets refer to the text passed in, so the engine masks the original text it returns.
 * Obfuscated PII (an address in base64, a card number split by zero-width characters) is found only
 * by scanning the views of {@link NormalizedText}; such a match counts as a match for flag, block and
 * escalate, but its offsets refer to the view, not the original, so {@link #redact} applies only to
 * spans found in the original text. A policy that redacts should therefore fall back to its block
 * response when PII is found in a normalised view but not in the original: masking what can be
 * located would leave the obfuscated copy in place.
 *
 * <p>All patterns are precompiled and free of nested unbounded repetition, so a scan is linear in
 * the text's length. Stateless and thread-safe.
 */
public final class PiiScanner {

  private static final Pattern EMAIL_DOMAIN = Pattern.compile(
      "(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.){1,8}[A-Za-z]{2,24}(?![A-Za-z0-9_-])");
  private static final int MAX_LOCAL_PART = 64;

  // Candidates start with what they consume and their left context is checked in code: a
  // lookbehind at the head of a pattern runs at every position of the text and triples the time.
  private static final Pattern CARD_CANDIDATE = Pattern.compile("\\d(?:[ -]?\\d){12,18}(?![ -]?\\d)");

  private static final Pattern PHONE_CANDIDATE =
      Pattern.compile("[+(]?\\d[\\d ().-]*+");
  private static final Pattern INTERNATIONAL_PHONE =
      Pattern.compile("\\+\\d{1,3}(?:[ .-]?+(?:\\(\\d{1,4}+\\)|\\d{1,5}+)){1,6}+");
  private static final Pattern NORTH_AMERICAN_PHONE =
      Pattern.compile("(?:1[ .-]?)?(?:\\(\\d{3}\\) ?|\\d{3}[ .-])\\d{3}[ .-]\\d{4}");
  private static final Pattern TRUNK_PHONE =
      Pattern.compile("(?:0\\d{1,4}+|\\(0\\d{1,4}+\\))(?:[ .-]?+\\d{2,8}+){1,4}+");

  private static final Pattern IBAN_CANDIDATE =
      Pattern.compile("[A-Za-z]{2}\\d{2}(?: ?[A-Za-z0-9]){11,30}+");
  /** IBAN lengths by country (SWIFT IBAN registry). */
  private static final Map<String, Integer> IBAN_LENGTHS = Map.ofEntries(
      Map.entry("AD", 24), Map.entry("AE", 23), Map.entry("AL", 28), Map.entry("AT", 20),
      Map.entry("AZ", 28), Map.entry("BA", 20), Map.entry("BE", 16), Map.entry("BG", 22),
      Map.entry("BH", 22), Map.entry("BR", 29), Map.entry("CH", 21), Map.entry("CR", 22),
      Map.entry("CY", 28), Map.entry("CZ", 24), Map.entry("DE", 22), Map.entry("DK", 18),
      Map.entry("DO", 28), Map.entry("EE", 20), Map.entry("EG", 29), Map.entry("ES", 24),
      Map.entry("FI", 18), Map.entry("FO", 18), Map.entry("FR", 27), Map.entry("GB", 22),
      Map.entry("GE", 22), Map.entry("GI", 23), Map.entry("GL", 18), Map.entry("GR", 27),
      Map.entry("HR", 21), Map.entry("HU", 28), Map.entry("IE", 22), Map.entry("IL", 23),
      Map.entry("IS", 26), Map.entry("IT", 27), Map.entry("JO", 30), Map.entry("KW", 30),
      Map.entry("KZ", 20), Map.entry("LB", 28), Map.entry("LI", 21), Map.entry("LT", 20),
      Map.entry("LU", 20), Map.entry("LV", 21), Map.entry("MC", 27), Map.entry("MD", 24),
      Map.entry("ME", 22), Map.entry("MK", 19), Map.entry("MT", 31), Map.entry("MU", 30),
      Map.entry("NL", 18), Map.entry("NO", 15), Map.entry("PK", 24), Map.entry("PL", 28),
      Map.entry("PS", 29), Map.entry("PT", 25), Map.entry("QA", 29), Map.entry("RO", 24),
      Map.entry("RS", 22), Map.entry("SA", 24), Map.entry("SE", 24), Map.entry("SI", 19),
      Map.entry("SK", 24), Map.entry("SM", 27), Map.entry("TN", 24), Map.entry("TR", 26),
      Map.entry("UA", 29), Map.entry("VG", 24), Map.entry("XK", 20));

  /**
   * A key shape and the literal text every match holds, searched for first (a plain substring
   * search is far cheaper than running the pattern over a text that cannot match).
   *
   * @param mustLookRandom the shape also occurs in ordinary text ("sk-learn-…"): the value (group 1)
   *     must pass {@link #looksRandom}
   */
  private record SecretShape(Pattern pattern, boolean mustLookRandom, List<String> anchors) {

    SecretShape(String regex, boolean mustLookRandom, String... anchors) {
      this(Pattern.compile(regex), mustLookRandom, List.of(anchors));
    }

    boolean mayOccurIn(String text) {
      for (String anchor : anchors) {
        if (text.contains(anchor)) {
          return true;
        }
      }
      return false;
    }
  }

  private static final List<SecretShape> SECRET_SHAPES = List.of(
      new SecretShape("\\b(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[A-Z0-9]{16}\\b", false,
          "AKIA", "ASIA", "AGPA", "AIDA", "AROA", "ANPA", "ANVA", "AIPA"),
      new SecretShape("\\bgh[pousr]_[A-Za-z0-9]{36,255}+", false, "ghp_", "gho_", "ghu_", "ghs_", "ghr_"),
      new SecretShape("\\bgithub_pat_[A-Za-z0-9_]{22,255}+", false, "github_pat_"),
      new SecretShape("\\bxox[abposr]-[A-Za-z0-9-]{10,250}+", false, "xox"),
      new SecretShape("\\b[rs]k_(?:live|test)_[A-Za-z0-9]{16,250}+", false, "k_live_", "k_test_"),
      new SecretShape("\\bAIza[0-9A-Za-z_-]{35}", false, "AIza"),
      new SecretShape("\\beyJ[A-Za-z0-9_-]{8,}+\\.eyJ[A-Za-z0-9_-]{8,}+\\.[A-Za-z0-9_-]{8,}+", false, "eyJ"),
      new SecretShape("\\b(sk-[A-Za-z0-9_-]{20,250}+)", true, "sk-"),
      new SecretShape("(?i)\\bbearer\\s{1,3}([A-Za-z0-9._~+/-]{16,500}+=*)", true, "Bearer", "bearer", "BEARER"));
  /** Names whose assigned value is a secret, compared without case, "_" and "-" ("API-Key", "x_api_key"). */
  private static final List<String> SECRET_NAMES = List.of(
      "apikey", "accesskey", "accesstoken", "authtoken", "secretkey", "clientsecret", "privatekey",
      "token", "secret", "password", "passwd", "pwd");
  private static final int MIN_ASSIGNED_SECRET = 8;
  private static final int MAX_ASSIGNED_SECRET = 200;
  private static final Pattern PEM_BEGIN = Pattern.compile("-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----");
  private static final Pattern PEM_END = Pattern.compile("-----END (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----");
  /** A PEM body longer than this is not one key; the header alone is masked. */
  private static final int MAX_PEM_LENGTH = 20_000;
  private static final Pattern PLACEHOLDER =
      Pattern.compile("(?i)^[<{$%\\[(].*|.*(?:your|example|xxxx|\\*\\*\\*|changeme|placeholder|redacted).*");

  public List<PiiMatch> scan(String text, Set<PiiType> types) {
    Objects.requireNonNull(text, "text");
    List<PiiMatch> found = new ArrayList<>();
    List<PiiMatch> cards = cards(text);
    if (types.contains(PiiType.EMAIL)) {
      emails(text, found);
    }
    if (types.contains(PiiType.CREDIT_CARD)) {
      found.addAll(cards);
    }
    if (types.contains(PiiType.PHONE)) {
      phones(text, cards, found);
    }
    if (types.contains(PiiType.IBAN)) {
      ibans(text, found);
    }
    if (types.contains(PiiType.SECRET)) {
      secrets(text, found);
    }
    return Spans.leftmostLongest(found, PiiMatch::start, PiiMatch::end);
  }

  /** The text with each match replaced by its type's mask; overlapping matches are masked once. */
  public String redact(String text, List<PiiMatch> matches) {
    Objects.requireNonNull(text, "text");
    StringBuilder out = new StringBuilder(text.length());
    int copied = 0;
    for (PiiMatch match : Spans.leftmostLongest(matches, PiiMatch::start, PiiMatch::end)) {
      if (match.end() > text.length()) {
        throw new IllegalArgumentException("match " + match + " lies beyond the text's length " + text.length());
      }
      out.append(text, copied, match.start()).append(match.type().mask());
      copied = match.end();
    }
    return out.append(text, copied, text.length()).toString();
  }

  private static void emails(String text, List<PiiMatch> found) {
    Matcher domain = EMAIL_DOMAIN.matcher(text).useTransparentBounds(true).useAnchoringBounds(false);
    for (int at = text.indexOf('@'); at >= 0; at = text.indexOf('@', at + 1)) {
      int start = at;
      while (start > 0 && at - start <= MAX_LOCAL_PART && isLocalPartChar(text.charAt(start - 1))) {
        start--;
      }
      while (start < at && !Chars.isLetterOrDigit(text.charAt(start))) {
        start++;
      }
      if (start == at || at - start > MAX_LOCAL_PART || at + 1 >= text.length()) {
        continue;
      }
      domain.region(at + 1, text.length());
      if (domain.lookingAt()) {
        found.add(new PiiMatch(PiiType.EMAIL, start, domain.end()));
      }
    }
  }

  private static boolean isLocalPartChar(char c) {
    return (c < 128 && Chars.isLetterOrDigit(c)) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
  }

  private static List<PiiMatch> cards(String text) {
    List<PiiMatch> cards = new ArrayList<>();
    Matcher candidate = CARD_CANDIDATE.matcher(text);
    while (candidate.find()) {
      if (continuesNumber(text, candidate.start())) {
        continue;
      }
      String number = candidate.group();
      boolean spaces = number.indexOf(' ') >= 0;
      boolean hyphens = number.indexOf('-') >= 0;
      String digits = number.replace(" ", "").replace("-", "");
      char first = digits.charAt(0);
      if (!(spaces && hyphens) && first >= '2' && first <= '6' && luhn(digits)) {
        cards.add(new PiiMatch(PiiType.CREDIT_CARD, candidate.start(), candidate.end()));
      }
    }
    return cards;
  }

  /** After a digit, a decimal point or a digit group ("1 4111…"): part of a longer number. */
  private static boolean continuesNumber(String text, int start) {
    char before = start > 0 ? text.charAt(start - 1) : ' ';
    boolean groupBefore = start > 1 && (before == ' ' || before == '-') && Chars.isDigit(text.charAt(start - 2));
    return Chars.isDigit(before) || before == '.' || before == ',' || groupBefore;
  }

  static boolean luhn(String digits) {
    int sum = 0;
    boolean doubled = false;
    for (int i = digits.length() - 1; i >= 0; i--) {
      int digit = digits.charAt(i) - '0';
      if (doubled) {
        digit *= 2;
        digit -= digit > 9 ? 9 : 0;
      }
      sum += digit;
      doubled = !doubled;
    }
    return sum % 10 == 0;
  }

  private static void phones(String text, List<PiiMatch> cards, List<PiiMatch> found) {
    Matcher candidate = PHONE_CANDIDATE.matcher(text);
    while (candidate.find()) {
      int start = candidate.start();
      int end = candidate.end();
      char before = start > 0 ? text.charAt(start - 1) : ' ';
      if (Chars.isLetterOrDigit(before) || "_.,+(-".indexOf(before) >= 0) {
        continue;
      }
      while (end > start && !Chars.isDigit(text.charAt(end - 1))) {
        end--;
      }
      String number = text.substring(start, end);
      int digits = countDigits(number);
      boolean phone = number.startsWith("+")
          ? digits >= 7 && digits <= 15 && INTERNATIONAL_PHONE.matcher(number).matches()
          : (digits >= 10 && digits <= 11 && NORTH_AMERICAN_PHONE.matcher(number).matches())
              || (digits >= 9 && digits <= 12 && TRUNK_PHONE.matcher(number).matches());
      if (phone && !overlapsAny(start, end, cards)) {
        found.add(new PiiMatch(PiiType.PHONE, start, end));
      }
    }
  }

  private static int countDigits(String text) {
    int digits = 0;
    for (int i = 0; i < text.length(); i++) {
      digits += Chars.isDigit(text.charAt(i)) ? 1 : 0;
    }
    return digits;
  }

  private static boolean overlapsAny(int start, int end, List<PiiMatch> matches) {
    for (PiiMatch match : matches) {
      if (match.start() < end && start < match.end()) {
        return true;
      }
    }
    return false;
  }

  private static void ibans(String text, List<PiiMatch> found) {
    Matcher candidate = IBAN_CANDIDATE.matcher(text);
    int from = 0;
    while (from < text.length() && candidate.find(from)) {
      int start = candidate.start();
      boolean wordStart = start == 0 || !Chars.isLetterOrDigit(text.charAt(start - 1));
      int end = wordStart ? ibanEnd(text, start, candidate.end()) : -1;
      if (end > 0) {
        found.add(new PiiMatch(PiiType.IBAN, start, end));
      }
      // the candidate may have run into the next word, which can itself start an IBAN
      from = end > 0 ? end : start + 1;
    }
  }

  /** The end of a valid IBAN starting at {@code start}, or -1: the country's length, mod-97 = 1. */
  private static int ibanEnd(String text, int start, int candidateEnd) {
    Integer expected = IBAN_LENGTHS.get(text.substring(start, start + 2).toUpperCase(Locale.ROOT));
    if (expected == null) {
      return -1;
    }
    StringBuilder iban = new StringBuilder(expected);
    int end = start;
    while (end < candidateEnd && iban.length() < expected) {
      char c = text.charAt(end++);
      if (c != ' ') {
        iban.append(Character.toUpperCase(c));
      }
    }
    boolean wholeWord = end == text.length() || !Chars.isLetterOrDigit(text.charAt(end));
    return iban.length() == expected && wholeWord && mod97(iban) == 1 ? end : -1;
  }

  /** ISO 13616: the first four characters moved to the end, letters as 10 to 35, modulo 97. */
  private static int mod97(CharSequence iban) {
    int remainder = 0;
    int length = iban.length();
    for (int i = 0; i < length; i++) {
      char c = iban.charAt((i + 4) % length);
      int value = Character.digit(c, 36);
      if (value < 0) {
        return -1;
      }
      remainder = (value < 10 ? remainder * 10 : remainder * 100) + value;
      remainder %= 97;
    }
    return remainder;
  }

  private static void secrets(String text, List<PiiMatch> found) {
    for (SecretShape shape : SECRET_SHAPES) {
      if (!shape.mayOccurIn(text)) {
        continue;
      }
      Matcher matcher = shape.pattern().matcher(text);
      while (matcher.find()) {
        int group = shape.mustLookRandom() ? 1 : 0;
        if (!shape.mustLookRandom() || looksRandom(matcher.group(group))) {
          found.add(new PiiMatch(PiiType.SECRET, matcher.start(group), matcher.end(group)));
        }
      }
    }
    privateKeys(text, found);
    assignedSecrets(text, found);
  }

  /**
   * Values assigned to a secret's name: {@code api_key="…"}, {@code password: …}, {@code "token" = …}.
   * Walks the text's {@code :} and {@code =} signs and looks at the name before and the value after.
   */
  private static void assignedSecrets(String text, List<PiiMatch> found) {
    for (int sign = nextAssignment(text, 0); sign >= 0; sign = nextAssignment(text, sign + 1)) {
      int nameEnd = sign;
      while (nameEnd > 0 && sign - nameEnd < 3 && text.charAt(nameEnd - 1) == ' ') {
        nameEnd--;
      }
      if (nameEnd > 0 && (text.charAt(nameEnd - 1) == '"' || text.charAt(nameEnd - 1) == '\'')) {
        nameEnd--;
      }
      int nameStart = nameEnd;
      while (nameStart > 0 && nameEnd - nameStart < 40 && isNameChar(text.charAt(nameStart - 1))) {
        nameStart--;
      }
      if (!isSecretName(text.substring(nameStart, nameEnd))) {
        continue;
      }
      int valueStart = sign + 1;
      while (valueStart < text.length() && valueStart - sign <= 3 && text.charAt(valueStart) == ' ') {
        valueStart++;
      }
      if (valueStart < text.length() && (text.charAt(valueStart) == '"' || text.charAt(valueStart) == '\'')) {
        valueStart++;
      }
      int valueEnd = valueStart;
      while (valueEnd < text.length() && valueEnd - valueStart <= MAX_ASSIGNED_SECRET && isValueChar(text.charAt(valueEnd))) {
        valueEnd++;
      }
      int length = valueEnd - valueStart;
      if (length >= MIN_ASSIGNED_SECRET && length <= MAX_ASSIGNED_SECRET
          && looksRandom(text.substring(valueStart, valueEnd))) {
        found.add(new PiiMatch(PiiType.SECRET, valueStart, valueEnd));
      }
    }
  }

  private static int nextAssignment(String text, int from) {
    int colon = text.indexOf(':', from);
    int equals = text.indexOf('=', from);
    return colon < 0 ? equals : equals < 0 ? colon : Math.min(colon, equals);
  }

  private static boolean isNameChar(char c) {
    return (c < 128 && Chars.isLetterOrDigit(c)) || c == '_' || c == '-';
  }

  private static boolean isValueChar(char c) {
    return !Chars.isWhitespace(c) && c != '"' && c != '\'' && c != '`' && c != ',' && c != ';';
  }

  private static boolean isSecretName(String name) {
    String folded = name.replace("_", "").replace("-", "").toLowerCase(Locale.ROOT);
    for (String secretName : SECRET_NAMES) {
      if (folded.endsWith(secretName)) {
        return true;
      }
    }
    return false;
  }

  /** From each private-key header to its END line, found in one pass over each kind of line. */
  private static void privateKeys(String text, List<PiiMatch> found) {
    Matcher begin = PEM_BEGIN.matcher(text);
    Matcher end = PEM_END.matcher(text);
    boolean endFound = end.find();
    while (begin.find()) {
      while (endFound && end.start() < begin.end()) {
        endFound = end.find();
      }
      boolean closed = endFound && end.end() - begin.start() <= MAX_PEM_LENGTH;
      found.add(new PiiMatch(PiiType.SECRET, begin.start(), closed ? end.end() : begin.end()));
    }
  }

  /**
   * A value that is not a word or a placeholder: at least two of lower case, upper case and digits,
   * and a Shannon entropy close to the most its length allows.
   */
  static boolean looksRandom(String value) {
    if (PLACEHOLDER.matcher(value).matches()) {
      return false;
    }
    int lower = 0;
    int upper = 0;
    int digit = 0;
    Map<Character, Integer> counts = new HashMap<>();
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      lower |= Character.isLowerCase(c) ? 1 : 0;
      upper |= Character.isUpperCase(c) ? 1 : 0;
      digit |= Character.isDigit(c) ? 1 : 0;
      counts.merge(c, 1, Integer::sum);
    }
    double entropy = 0;
    for (int count : counts.values()) {
      double p = (double) count / value.length();
      entropy -= p * Math.log(p) / Math.log(2);
    }
    double wanted = Math.min(3.0, Math.log(value.length()) / Math.log(2) - 0.5);
    return lower + upper + digit >= 2 && entropy >= wanted;
  }
}
