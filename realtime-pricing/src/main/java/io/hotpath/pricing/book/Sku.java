package io.hotpath.pricing.book;

/**
 * One SKU of a price book. Amounts are minor units of the book currency.
 *
 * @param id             the SKU as the catalogue names it.
 * @param key            its text key, as commands carry it.
 * @param index          its position in the book.
 * @param price          base price, > 0.
 * @param cost           unit cost; with the book's minimum margin it sets the floor. 0 when unknown.
 * @param floor          lowest price allowed, whatever the margin says; 0 for none.
 * @param marginFloor    cost x (1 + the book's minimum margin), rounded up; 0 without a cost.
 * @param ceiling        highest price allowed; 0 for none.
 * @param group          the catalogue group rules may name; empty for none.
 * @param demandBaseline expected demand in units per hour, millionths; 0 to use the book's.
 */
public record Sku(
    String id, long key, int index, long price, long cost, long floor, long marginFloor, long ceiling, String group, long demandBaseline)
{
}
