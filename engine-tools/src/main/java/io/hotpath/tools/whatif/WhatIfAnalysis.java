package io.hotpath.tools.whatif;

import io.hotpath.core.codes.CurrencyCodes;
import io.hotpath.core.sbe.MessageHeaderDecoder;
import io.hotpath.core.sbe.ResultCode;
import io.hotpath.journal.CommandCursor;
import io.hotpath.journal.JournalReplayer;
import io.hotpath.journal.tools.MessageJson;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.function.LongFunction;
import org.agrona.DirectBuffer;

/**
 * Compares each journaled decision of the tenant under test with the one its replay under the
 * changed config made, and keeps what an analyst asks of the difference:
 *
 * <pre>
 *   payments   action before x action after (ALLOW, REVIEW, CHALLENGE, BLOCK, REFUSED), every one
 *   routes     first processor before and after, of payments and route requests; the moves between them
 *   prices     the unit price change of every quote, as a distribution, per currency and per SKU
 *   other      results of any other command that differ, by type
 * </pre>
 *
 * Each changed decision also goes to the {@link ChangeWriter}, if there is one, and the first few
 * are kept for the page.
 *
 * <p>Not thread-safe; runs on the replaying thread.
 */
final class WhatIfAnalysis implements JournalReplayer.ResultHandler
{
    static final int KEPT_CHANGES = 25;

    private final int shard;
    private final LongFunction<String> skuNames;
    private final ChangeWriter changes;
    private final MessageJson names = new MessageJson();
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final DecisionFacets before = new DecisionFacets();
    private final DecisionFacets after = new DecisionFacets();
    private final Map<DecisionFacets.Kind, long[]> counts = new EnumMap<>(DecisionFacets.Kind.class);
    private final Map<String, Map<String, Long>> actions = new TreeMap<>();
    private final Map<String, long[]> routes = new TreeMap<>();
    private final Map<String, Long> routeMoves = new TreeMap<>();
    private final Map<String, Long> otherChanges = new TreeMap<>();
    private final PriceDeltas prices = new PriceDeltas();
    private final List<Change> firstChanges = new ArrayList<>();
    private long unanswered;

    /**
     * @param skuNames the name of a SKU key, for people.
     * @param changes  where each changed decision goes, or null.
     */
    WhatIfAnalysis(final int shard, final LongFunction<String> skuNames, final ChangeWriter changes)
    {
        this.shard = shard;
        this.skuNames = skuNames;
        this.changes = changes;
        for (final DecisionFacets.Kind kind : DecisionFacets.Kind.values())
        {
            counts.put(kind, new long[2]);
        }
    }

    @Override
    public void onResult(final long engineSequence, final CommandCursor command, final DirectBuffer journaled, final int journaledLength,
        final DirectBuffer replayed, final int replayedLength)
    {
        if (journaled == null)
        {
            unanswered++;
            return;
        }
        final DecisionFacets.Kind kind = DecisionFacets.kindOf(command.templateId());
        final boolean identical = journaledLength == replayedLength && journaled.equals(replayed);
        final long[] kindCounts = counts.get(kind);
        kindCounts[0]++;
        if (kind == DecisionFacets.Kind.OTHER)
        {
            if (!identical)
            {
                kindCounts[1]++;
                otherChanges.merge(names.name(command.templateId()), 1L, Long::sum);
            }
            return;
        }
        before.read(kind, journaled, names.name(templateId(journaled)));
        after.read(kind, replayed, names.name(templateId(replayed)));
        tally(kind);
        final String changed = changed(kind);
        if (!changed.isEmpty())
        {
            kindCounts[1]++;
            final Change change = change(engineSequence, command, changed);
            if (firstChanges.size() < KEPT_CHANGES)
            {
                firstChanges.add(change);
            }
            if (changes != null)
            {
                changes.write(change);
            }
        }
    }

    private void tally(final DecisionFacets.Kind kind)
    {
        if (kind == DecisionFacets.Kind.PAYMENT)
        {
            actions.computeIfAbsent(before.action, key -> new TreeMap<>()).merge(after.action, 1L, Long::sum);
        }
        if (kind == DecisionFacets.Kind.PAYMENT || kind == DecisionFacets.Kind.ROUTE)
        {
            final String from = before.routeLabel();
            final String to = after.routeLabel();
            routes.computeIfAbsent(from, key -> new long[2])[0]++;
            routes.computeIfAbsent(to, key -> new long[2])[1]++;
            if (!from.equals(to))
            {
                routeMoves.merge(from + " \u2192 " + to, 1L, Long::sum);
            }
        }
        if (kind == DecisionFacets.Kind.QUOTE && before.code == ResultCode.OK && after.code == ResultCode.OK
            && before.currency == after.currency)
        {
            prices.add(CurrencyCodes.alpha(before.currency), skuNames.apply(before.skuKey), before.unitPrice, after.unitPrice,
                before.totalPrice, after.totalPrice);
        }
    }

    /**
     * @return what differs, as a list of action, score, rule, route, route-rule, price, result; empty when nothing an analyst
     *         compares does.
     */
    private String changed(final DecisionFacets.Kind kind)
    {
        final StringJoiner changed = new StringJoiner(",");
        if (!before.resultType.equals(after.resultType) || before.code != after.code)
        {
            changed.add("result");
        }
        if (kind == DecisionFacets.Kind.PAYMENT)
        {
            add(changed, "action", !before.action.equals(after.action));
            add(changed, "score", before.score != after.score);
            add(changed, "rule", !before.rule.equals(after.rule));
        }
        if (kind == DecisionFacets.Kind.PAYMENT || kind == DecisionFacets.Kind.ROUTE)
        {
            add(changed, "route", !before.routeLabel().equals(after.routeLabel()));
            add(changed, "route-rule", !before.routeRule.equals(after.routeRule));
        }
        if (kind == DecisionFacets.Kind.QUOTE)
        {
            add(changed, "price", before.unitPrice != after.unitPrice || before.currency != after.currency);
        }
        return changed.toString();
    }

    private static void add(final StringJoiner changed, final String what, final boolean differs)
    {
        if (differs)
        {
            changed.add(what);
        }
    }

    private Change change(final long engineSequence, final CommandCursor command, final String changed)
    {
        final boolean payment = before.kind == DecisionFacets.Kind.PAYMENT;
        final boolean routed = payment || before.kind == DecisionFacets.Kind.ROUTE;
        final boolean quote = before.kind == DecisionFacets.Kind.QUOTE;
        final long delta = after.unitPrice - before.unitPrice;
        return new Change(
            shard,
            engineSequence,
            Instant.ofEpochSecond(0, command.ingressTime()).toString(),
            command.tenantId(),
            names.name(command.templateId()),
            Long.toUnsignedString(before.id != 0 ? before.id : after.id),
            changed,
            payment ? before.action : null,
            payment ? after.action : null,
            payment && before.score >= 0 ? before.score : null,
            payment && after.score >= 0 ? after.score : null,
            payment ? before.rule : null,
            payment ? after.rule : null,
            routed ? before.routeLabel() : null,
            routed ? after.routeLabel() : null,
            routed ? before.routeRule : null,
            routed ? after.routeRule : null,
            quote ? skuNames.apply(before.skuKey != 0 ? before.skuKey : after.skuKey) : null,
            quote ? CurrencyCodes.alpha(before.currency != 0 ? before.currency : after.currency) : null,
            quote ? Math.max(before.quantity, after.quantity) : null,
            quote ? before.unitPrice : null,
            quote ? after.unitPrice : null,
            quote ? delta : null,
            quote && before.unitPrice != 0 ? Math.round(10_000.0 * delta / before.unitPrice) / 100.0 : null,
            label(before),
            label(after));
    }

    private static String label(final DecisionFacets facets)
    {
        return facets.code == ResultCode.OK ? facets.resultType : facets.resultType + " " + facets.code;
    }

    private int templateId(final DirectBuffer message)
    {
        return header.wrap(message, 0).templateId();
    }

    long unanswered()
    {
        return unanswered;
    }

    /**
     * @return {compared, changed} decisions of that kind.
     */
    long[] counts(final DecisionFacets.Kind kind)
    {
        return counts.get(kind);
    }

    Map<String, Map<String, Long>> actions()
    {
        return actions;
    }

    Map<String, long[]> routes()
    {
        return routes;
    }

    Map<String, Long> routeMoves()
    {
        return routeMoves;
    }

    Map<String, Long> otherChanges()
    {
        return otherChanges;
    }

    PriceDeltas prices()
    {
        return prices;
    }

    List<Change> firstChanges()
    {
        return firstChanges;
    }
}
