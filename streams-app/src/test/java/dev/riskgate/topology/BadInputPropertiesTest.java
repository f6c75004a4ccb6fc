package dev.riskgate.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riskgate.privacy.PanDetector;
import dev.riskgate.schema.DeadLetter;
import dev.riskgate.schema.ErrorKind;
import dev.riskgate.schema.Transaction;
import dev.riskgate.validation.BadInputs;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeProperty;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.test.TestRecord;

/**
 * Whatever arrives on the transactions topic, exactly one dead letter (with a reason, card numbers masked) or one
 * decision comes out, and the next valid transaction of the partition is still decided: nothing crashes the
 * processor, nothing stalls the partition. One topology per property; every try is followed by a valid record.
 */
class BadInputPropertiesTest {
  private static final byte[] KEY = "tok_card1".getBytes(StandardCharsets.UTF_8);
  private ScreeningFixture fx;

  @BeforeProperty
  void start() throws Exception {
    fx = new ScreeningFixture();
  }

  @AfterProperty
  void stop() throws Exception {
    fx.close();
  }

  @Property(tries = 300)
  void randomBytesAreDeadLettered(@ForAll @Size(max = 400) byte[] value) {
    assertDeadLettered(KEY, value);
  }

  @Property(tries = 100)
  void aWrongMagicByteIsDeadLetteredAsSuch(@ForAll byte magic) {
    byte[] bytes = valid();
    bytes[0] = magic == 0 ? 1 : magic;
    assertThat(assertDeadLettered(KEY, bytes).getErrorKind()).isEqualTo(ErrorKind.UNKNOWN_MAGIC_BYTE);
  }

  @Property(tries = 100)
  void anUnknownSchemaIdIsDeadLetteredAsSuch(@ForAll int schemaId) {
    byte[] bytes = valid();
    int unknown = schemaId >= 0 && schemaId < 1_000 ? schemaId + 1_000 : schemaId; // the mock hands out 1, 2, ...
    ByteBuffer.wrap(bytes).putInt(1, unknown);
    assertThat(assertDeadLettered(KEY, bytes).getErrorKind()).isEqualTo(ErrorKind.UNKNOWN_SCHEMA_ID);
  }

  @Property(tries = 100)
  void truncatedAvroIsDeadLettered(@ForAll @IntRange(min = 0, max = 100) int percentKept) {
    byte[] whole = valid();
    byte[] cut = Arrays.copyOf(whole, (whole.length - 1) * percentKept / 100);
    assertThat(assertDeadLettered(KEY, cut).getErrorKind()).isIn(ErrorKind.TRUNCATED, ErrorKind.UNDECODABLE);
  }

  @Property(tries = 60)
  void aWriterSchemaMissingRequiredFieldsIsDeadLettered(@ForAll("requiredFieldSubsets") Set<String> missing) {
    byte[] bytes = BadInputs.withoutFields(fx.registry(), fx.transaction().build(), missing);
    assertThat(assertDeadLettered(KEY, bytes).getErrorKind()).isEqualTo(ErrorKind.UNDECODABLE);
  }

  @Provide
  Arbitrary<Set<String>> requiredFieldSubsets() {
    return Arbitraries.of(BadInputs.requiredFields()).set().ofMinSize(1);
  }

  @Property(tries = 150)
  void blankOrOversizedTextFieldsAreDeadLettered(@ForAll("textFields") String field,
      @ForAll("blankOrOversized") String value) {
    Transaction tx = BadInputs.withText(fx.transaction().build(), field, value);
    byte[] key = tx.getCardToken().getBytes(StandardCharsets.UTF_8);
    assertThat(assertDeadLettered(key, serialize(tx)).getErrorKind())
        .isIn(ErrorKind.MISSING_FIELD, ErrorKind.INVALID_FIELD, ErrorKind.INVALID_CURRENCY);
  }

  @Provide
  Arbitrary<String> textFields() {
    return Arbitraries.of(BadInputs.textFields());
  }

  @Provide
  Arbitrary<String> blankOrOversized() {
    return Arbitraries.oneOf(
        Arbitraries.of("", " ", "\t", "   \n"),
        Arbitraries.strings().alpha().ofMinLength(65).ofMaxLength(5_000));
  }

  @Property(tries = 150)
  void amountsOutsideOneMinorUnitToTenToTheTwelveAreDeadLettered(@ForAll("implausibleAmounts") long amount) {
    byte[] bytes = serialize(fx.transaction().setAmountMinor(amount).build());
    assertThat(assertDeadLettered(KEY, bytes).getErrorKind()).isEqualTo(ErrorKind.INVALID_AMOUNT);
  }

  @Provide
  Arbitrary<Long> implausibleAmounts() {
    return Arbitraries.oneOf(Arbitraries.longs().lessOrEqual(0),
        Arbitraries.longs().greaterOrEqual(1_000_000_000_001L));
  }

  @Property(tries = 100)
  void plausibleAmountsAreDecided(@ForAll("plausibleAmounts") long amount) {
    fx.send(fx.transaction().setAmountMinor(amount).build());
    fx.onlyDecision();
    assertThat(fx.deadLetters.isEmpty()).isTrue();
  }

  @Provide
  Arbitrary<Long> plausibleAmounts() {
    return Arbitraries.longs().between(1, 1_000_000_000_000L);
  }

  @Property(tries = 150)
  void eventTimesFarInTheFutureOrPastAreDeadLettered(@ForAll("brokenEventTimes") Instant eventTime) {
    byte[] bytes = serialize(fx.transaction().setEventTime(eventTime).build());
    assertThat(assertDeadLettered(KEY, bytes).getErrorKind()).isEqualTo(ErrorKind.INVALID_EVENT_TIME);
  }

  @Provide
  Arbitrary<Instant> brokenEventTimes() {
    long now = ScreeningFixture.NOW.toEpochMilli();
    long skew = fx.config.maxFutureSkew().toMillis();
    long age = fx.config.maxEventAge().toMillis();
    // beyond +-10^15 ms (31,000 years) java.time cannot print the instant; Avro longs go further, Instant does not
    return Arbitraries.oneOf(
        // a minute past the skew: each try lets the driver's wall clock run a few watermark intervals on
        Arbitraries.longs().between(now + skew + 60_000, 1_000_000_000_000_000L),
        Arbitraries.longs().between(-1_000_000_000_000_000L, now - age - 1)).map(Instant::ofEpochMilli);
  }

  @Property(tries = 100)
  void eventTimesOfAReplayOrWithinTheClockSkewAreDecided(@ForAll("replayableEventTimes") Instant eventTime) {
    fx.send(fx.transaction().setEventTime(eventTime).build());
    fx.onlyDecision();
  }

  @Provide
  Arbitrary<Instant> replayableEventTimes() {
    return Arbitraries.longs().between(-fx.config.maxEventAge().toMillis() + Duration.ofMinutes(1).toMillis(),
        fx.config.maxFutureSkew().toMillis()).map(ScreeningFixture.NOW::plusMillis);
  }

  @Property(tries = 300)
  void aCardNumberInAnyTextFieldIsRefusedAndMaskedEverywhere(@ForAll("textFields") String field,
      @ForAll("pans") String pan, @ForAll("boundaries") String before, @ForAll("boundaries") String after) {
    Transaction tx = BadInputs.withText(fx.transaction().build(), field, before + pan + after);
    byte[] key = tx.getCardToken().getBytes(StandardCharsets.UTF_8);
    assertRefusedAndMasked(assertDeadLettered(key, serialize(tx)), pan);
  }

  @Property(tries = 100)
  void aCardNumberInTheKeyIsRefusedAndMasked(@ForAll("pans") String pan, @ForAll("boundaries") String before) {
    Transaction tx = fx.transaction().setCardToken(before + pan).build();
    DeadLetter letter = assertDeadLettered(tx.getCardToken().getBytes(StandardCharsets.UTF_8), serialize(tx));
    assertRefusedAndMasked(letter, pan);
  }

  @Property(tries = 100)
  void aCardNumberInAHeaderIsRefusedAndMasked(@ForAll("pans") String pan, @ForAll boolean inName) {
    Headers headers = new RecordHeaders();
    headers.add(inName ? "pan " + pan : "x-card", ("card " + pan).getBytes(StandardCharsets.UTF_8));
    fx.rawTransactions.pipeInput(new TestRecord<>(KEY, valid(), headers, ScreeningFixture.NOW));
    assertThat(fx.deadLetters.getQueueSize()).as("dead letters").isEqualTo(1);
    DeadLetter letter = fx.deadLetters.readValue();
    assertThat(fx.decisions.isEmpty()).as("no decision for a refused record").isTrue();
    assertRefusedAndMasked(letter, pan);
  }

  private static void assertRefusedAndMasked(DeadLetter letter, String pan) {
    assertThat(letter.getErrorKind()).isEqualTo(ErrorKind.PAN_DETECTED);
    String digits = pan.replaceAll("[^0-9]", "");
    assertThat(letter.getErrorMessage()).doesNotContain(pan).doesNotContain(digits.substring(0, 12));
    assertThat(PanDetector.containsPan(letter.getErrorMessage())).isFalse();
    for (ByteBuffer kept : new ByteBuffer[] {letter.getValue(), letter.getKey()}) {
      String text = new String(bytes(kept), StandardCharsets.ISO_8859_1);
      assertThat(text).doesNotContain(pan);
      assertThat(PanDetector.containsPan(text)).isFalse();
    }
  }

  /** Card numbers of 13 to 19 digits, as one run or grouped by spaces or dashes as cards print them. */
  @Provide
  Arbitrary<String> pans() {
    return BadInputs.pans().flatMap(pan -> Arbitraries.of("", " ", "-")
        .map(separator -> separator.isEmpty() ? pan : BadInputs.grouped(pan, separator)));
  }

  /** Text that is no letter or digit: the edge of a card number. */
  @Provide
  Arbitrary<String> boundaries() {
    return Arbitraries.strings().withChars('_', '-', ' ', '.', ':', '/', '=', '#', '(').ofMaxLength(6);
  }

  /** Exactly one dead letter, with a reason and the original bytes (PANs aside); the next record is decided. */
  private DeadLetter assertDeadLettered(byte[] key, byte[] value) {
    fx.rawTransactions.pipeInput(key, value);
    assertThat(fx.deadLetters.getQueueSize()).as("dead letters").isEqualTo(1);
    DeadLetter letter = fx.deadLetters.readValue();
    assertThat(letter.getErrorMessage()).isNotBlank();
    assertThat(letter.getValue().remaining()).isEqualTo(value.length);
    assertThat(fx.decisions.isEmpty()).as("no decision for a refused record").isTrue();
    assertThat(fx.audit.isEmpty()).isTrue();
    fx.send(fx.transaction().build());
    fx.onlyDecision();
    return letter;
  }

  private byte[] valid() {
    return serialize(fx.transaction().build());
  }

  private byte[] serialize(Transaction tx) {
    return fx.topics.transactions().valueSerde().serializer().serialize(fx.topics.transactions().name(), tx);
  }

  private static byte[] bytes(ByteBuffer buffer) {
    byte[] out = new byte[buffer.remaining()];
    buffer.duplicate().get(out);
    return out;
  }
}
