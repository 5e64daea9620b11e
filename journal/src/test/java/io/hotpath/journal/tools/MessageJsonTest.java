package io.hotpath.journal.tools;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hotpath.core.sbe.FraudAction;
import io.hotpath.core.sbe.MessageHeaderEncoder;
import io.hotpath.core.sbe.PaymentDecisionEncoder;
import io.hotpath.core.sbe.ResultCode;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/**
 * Messages as the journal tools print them: 64-bit integers as JSON strings, exact past 2^53, as
 * the proto3 JSON mapping writes int64; narrower integers as numbers.
 */
class MessageJsonTest
{
    private static final long BEYOND_A_DOUBLE = (1L << 62) + 1;

    @Test
    void shouldWriteSixtyFourBitIntegersAsStringsAndNarrowerOnesAsNumbers() throws Exception
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[512]);
        final PaymentDecisionEncoder decision = new PaymentDecisionEncoder().wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder());
        decision.meta().tenantId(3).correlationId(BEYOND_A_DOUBLE).engineSequence(-BEYOND_A_DOUBLE).code(ResultCode.OK);
        decision.paymentId(Long.MAX_VALUE).action(FraudAction.REVIEW).score(650).modelScore(640).shadowModelScore((short)-1)
            .decidedByList((short)0);
        decision.firedRulesCount(0);
        decision.topFeaturesCount(0);
        decision.modelVersion("v7").decidingRule("large unknown card").putRouting(new byte[0], 0, 0);

        final String line = new MessageJson().print(buffer, 0);
        final JsonNode json = new ObjectMapper().readTree(line);

        assertThat(line).doesNotContain("\n");
        assertThat(json.get("meta").get("tenantId").isTextual()).isTrue();
        assertThat(json.get("meta").get("correlationId").asText()).isEqualTo(Long.toString(BEYOND_A_DOUBLE));
        assertThat(json.get("meta").get("engineSequence").asText()).isEqualTo(Long.toString(-BEYOND_A_DOUBLE));
        assertThat(json.get("paymentId").asText()).isEqualTo(Long.toString(Long.MAX_VALUE));
        assertThat(json.get("score").isInt()).as("uint16").isTrue();
        assertThat(json.get("score").asInt()).isEqualTo(650);
        assertThat(json.get("shadowModelScore").isInt()).as("int16").isTrue();
        assertThat(json.get("action").asText()).isEqualTo("REVIEW");
        assertThat(json.get("decidingRule").asText()).isEqualTo("large unknown card");
    }
}
