package io.hotpath.tools.whatif;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * One decision the config under test would have made differently, as a row of the changes file
 * (CSV or JSON). Prices are in minor units of the quote's currency; an empty field does not apply.
 *
 * @param shard             the shard.
 * @param engineSequence    the command's engine sequence in that shard.
 * @param commandTime       the command's ingress time, ISO-8601.
 * @param tenant            the tenant.
 * @param command           the command type.
 * @param id                the payment or quote id, unsigned decimal.
 * @param changed           what changed: a list of action, score, rule, route, route-rule, price, result.
 * @param actionBefore      the payment's action as journaled.
 * @param actionAfter       as replayed.
 * @param scoreBefore       the risk score as journaled.
 * @param scoreAfter        as replayed.
 * @param ruleBefore        the fraud rule that decided the payment, as journaled.
 * @param ruleAfter         as replayed.
 * @param routeBefore       the first processor as journaled, or why there was none.
 * @param routeAfter        as replayed.
 * @param routeRuleBefore   the routing rule that chose the processors, as journaled; empty for the default route.
 * @param routeRuleAfter    as replayed.
 * @param sku               the quoted SKU.
 * @param currency          the quote's currency.
 * @param quantity          the quoted quantity.
 * @param unitPriceBefore   the unit price as journaled.
 * @param unitPriceAfter    as replayed.
 * @param unitPriceDelta    after minus before.
 * @param unitPriceDeltaPct that delta as a percentage of the price before.
 * @param resultBefore      the result type (and refusal code) as journaled.
 * @param resultAfter       as replayed.
 */
@JsonPropertyOrder({"shard", "engineSequence", "commandTime", "tenant", "command", "id", "changed", "actionBefore", "actionAfter",
    "scoreBefore", "scoreAfter", "ruleBefore", "ruleAfter", "routeBefore", "routeAfter",
    "routeRuleBefore", "routeRuleAfter", "sku", "currency", "quantity",
    "unitPriceBefore", "unitPriceAfter", "unitPriceDelta", "unitPriceDeltaPct", "resultBefore", "resultAfter"})
record Change(
    int shard,
    long engineSequence,
    String commandTime,
    long tenant,
    String command,
    String id,
    String changed,
    String actionBefore,
    String actionAfter,
    Integer scoreBefore,
    Integer scoreAfter,
    String ruleBefore,
    String ruleAfter,
    String routeBefore,
    String routeAfter,
    String routeRuleBefore,
    String routeRuleAfter,
    String sku,
    String currency,
    Long quantity,
    Long unitPriceBefore,
    Long unitPriceAfter,
    Long unitPriceDelta,
    Double unitPriceDeltaPct,
    String resultBefore,
    String resultAfter)
{
}
