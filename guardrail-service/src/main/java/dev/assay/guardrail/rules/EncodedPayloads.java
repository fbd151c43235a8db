package dev.assay.guardrail.rules;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Finds base64, hex and percent-encoded payloads in a text and decodes them. A token counts only
 * when it is long enough ({@value #MIN_TOKEN_LENGTH} characters) and its decoding is valid UTF-8
 * that is mostly printable and holds letters: long words, hashes and identifiers decode to bytes
 * that fail one of these tests, so they are not mistaken for payloads.
 */
final class EncodedPayloads {

  static final int MIN_TOKEN_LENGTH = 16;
  /** Enough for a few nested payloads; bounds the work an adversarial text can cause. */
  static final int MAX_PAYLOADS = 16;

  private static final double MIN_PRINTABLE_SHARE = 0.95;
  private static final double MIN_LETTER_SHARE = 0.3;
  private static final int MIN_PERCENT_ESCAPES = 2;

  record Payload(Normalization encoding, String decoded) {}

  private EncodedPayloads() {}

  static List<Payload> find(String text) {
    List<Payload> payloads = new ArrayList<>();
    int length = text.length();
    int start = 0;
    while (start < length && payloads.size() < MAX_PAYLOADS) {
      if (Chars.isWhitespace(text.charAt(start))) {
        start++;
        continue;
      }
      int end = start;
      while (end < length && !Chars.isWhitespace(text.charAt(end))) {
        end++;
      }
      if (end - start >= MIN_TOKEN_LENGTH) {
        decodeChunk(text.substring(start, end)).ifPresent(payloads::add);
      }
      start = end;
    }
    return payloads;
  }

  /** A white-space-delimited chunk; quotes and brackets around an encoded token are shed first. */
  private static Optional<Payload> decodeChunk(String chunk) {
    if (chunk.indexOf('%') >= 0) {
      Optional<Payload> percent = percentDecode(chunk);
      if (percent.isPresent()) {
        return percent;
      }
    }
    int from = 0;
    int to = chunk.length();
    while (from < to && !isBase64Char(chunk.charAt(from))) {
      from++;
    }
    while (to > from && !isBase64Char(chunk.charAt(to - 1)) && chunk.charAt(to - 1) != '=') {
      to--;
    }
    String token = chunk.substring(from, to);
    if (token.length() < MIN_TOKEN_LENGTH) {
      return Optional.empty();
    }
    if (isHex(token)) {
      Optional<String> hex = readable(HexFormat.of().parseHex(token));
      if (hex.isPresent()) {
        return Optional.of(new Payload(Normalization.HEX_DECODED, hex.get()));
      }
    }
    return base64Decode(token).map(decoded -> new Payload(Normalization.BASE64_DECODED, decoded));
  }

  private static boolean isHex(String token) {
    if (token.length() % 2 != 0) {
      return false;
    }
    for (int i = 0; i < token.length(); i++) {
      if (Character.digit(token.charAt(i), 16) < 0) {
        return false;
      }
    }
    return true;
  }

  private static boolean isBase64Char(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
        || c == '+' || c == '/' || c == '-' || c == '_';
  }

  private static Optional<String> base64Decode(String token) {
    String body = token;
    int padding = 0;
    while (body.endsWith("=") && padding < 2) {
      body = body.substring(0, body.length() - 1);
      padding++;
    }
    boolean standard = false;
    boolean urlSafe = false;
    for (int i = 0; i < body.length(); i++) {
      char c = body.charAt(i);
      if (!isBase64Char(c)) {
        return Optional.empty();
      }
      standard |= c == '+' || c == '/';
      urlSafe |= c == '-' || c == '_';
    }
    if ((standard && urlSafe) || body.length() % 4 == 1) {
      return Optional.empty();
    }
    try {
      byte[] bytes = (urlSafe ? Base64.getUrlDecoder() : Base64.getDecoder()).decode(body);
      return readable(bytes);
    } catch (IllegalArgumentException notBase64) {
      return Optional.empty();
    }
  }

  private static Optional<Payload> percentDecode(String chunk) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(chunk.length());
    int escapes = 0;
    int i = 0;
    while (i < chunk.length()) {
      char c = chunk.charAt(i);
      int high = i + 2 < chunk.length() ? Character.digit(chunk.charAt(i + 1), 16) : -1;
      int low = i + 2 < chunk.length() ? Character.digit(chunk.charAt(i + 2), 16) : -1;
      if (c == '%' && high >= 0 && low >= 0) {
        bytes.write(high * 16 + low);
        escapes++;
        i += 3;
      } else {
        byte[] utf8 = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        bytes.write(utf8, 0, utf8.length);
        i++;
      }
    }
    if (escapes < MIN_PERCENT_ESCAPES) {
      return Optional.empty();
    }
    return readable(bytes.toByteArray()).map(decoded -> new Payload(Normalization.URL_DECODED, decoded));
  }

  /** The bytes as text when they are valid UTF-8, mostly printable and hold letters. */
  private static Optional<String> readable(byte[] bytes) {
    String decoded;
    try {
      decoded = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException notText) {
      return Optional.empty();
    }
    int codePoints = 0;
    int printable = 0;
    int letters = 0;
    for (int i = 0; i < decoded.length(); ) {
      int codePoint = decoded.codePointAt(i);
      i += Character.charCount(codePoint);
      codePoints++;
      boolean control = Character.isISOControl(codePoint) && !Character.isWhitespace(codePoint);
      boolean unassigned = Character.getType(codePoint) == Character.UNASSIGNED
          || Character.getType(codePoint) == Character.PRIVATE_USE;
      printable += control || unassigned ? 0 : 1;
      letters += Character.isLetter(codePoint) ? 1 : 0;
    }
    boolean text = codePoints > 0
        && printable >= MIN_PRINTABLE_SHARE * codePoints
        && letters >= MIN_LETTER_SHARE * codePoints;
    return text ? Optional.of(decoded) : Optional.empty();
  }
}
