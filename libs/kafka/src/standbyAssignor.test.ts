import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { placePartitions, placementOf, type PlacedMember } from './standbyAssignor.js';

const member = (name: string, active: number[] = [], warm: number[] = active): PlacedMember => ({ memberId: `${name}-id`, endpoint: `http://${name}`, active, warm });
const six = [0, 1, 2, 3, 4, 5];
const activeOf = (placed: ReturnType<typeof placePartitions>) => Object.fromEntries([...placed].map(([memberId, { active }]) => [memberId.replace('-id', ''), active]));

describe('placePartitions', () => {
  it('spreads a new group evenly, with each standby on another member', () => {
    const placed = placePartitions([member('a'), member('b'), member('c')], six, 1);
    expect(Object.values(activeOf(placed)).map((partitions) => partitions.length)).toEqual([2, 2, 2]);
    const { holders } = placed.get('a-id')!.placement;
    expect(holders).toHaveLength(6);
    for (const holder of holders) {
      expect(holder.standbys).toHaveLength(1);
      expect(holder.standbys).not.toContain(holder.active);
    }
    expect([...placed.values()].map(({ placement }) => placement.standby.length)).toEqual([2, 2, 2]);
  });

  it('keeps partitions where they are processed, and gives a departed member\'s to those that hold them warm', () => {
    const before = [member('a', [0, 1], [0, 1, 4]), member('b', [2, 3], [2, 3, 5]), member('c', [4, 5], [4, 5, 0])];
    expect(activeOf(placePartitions(before, six, 1))).toEqual({ a: [0, 1], b: [2, 3], c: [4, 5] });
    // c is gone: its 4 was warm on a, its 5 on b.
    expect(activeOf(placePartitions(before.slice(0, 2), six, 1))).toEqual({ a: [0, 1, 4], b: [2, 3, 5] });
  });

  it('chooses standbys that are warm already', () => {
    const placed = placePartitions([member('a', [0], [0]), member('b', [1], [1]), member('c', [], [0, 1])], [0, 1], 1);
    expect(placed.get('a-id')!.placement.holders).toEqual([
      { partition: 0, active: 'http://a', standbys: ['http://c'] },
      { partition: 1, active: 'http://b', standbys: ['http://c'] },
    ]);
  });

  it('for any group: each partition has one active member, counts within one, replicas standbys elsewhere, the same result twice', () => {
    const memberArbitrary = fc.record({
      memberId: fc.string({ minLength: 1, maxLength: 6 }),
      endpoint: fc.constant(''),
      active: fc.uniqueArray(fc.nat(11), { maxLength: 12 }),
      warm: fc.uniqueArray(fc.nat(11), { maxLength: 12 }),
    });
    fc.assert(
      fc.property(fc.uniqueArray(memberArbitrary, { minLength: 1, maxLength: 5, selector: (entry) => entry.memberId }), fc.integer({ min: 1, max: 12 }), fc.nat(3), (members, count, replicas) => {
        const partitions = Array.from({ length: count }, (_, index) => index);
        const withEndpoints = members.map((entry) => ({ ...entry, endpoint: `http://${entry.memberId}` }));
        const placed = placePartitions(withEndpoints, partitions, replicas);
        const counts = [...placed.values()].map(({ active }) => active.length);
        expect([...placed.values()].flatMap(({ active }) => active).sort((x, y) => x - y)).toEqual(partitions);
        expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
        for (const holder of placed.values().next().value!.placement.holders) {
          expect(holder.standbys).toHaveLength(Math.min(replicas, members.length - 1));
          expect(new Set([holder.active, ...holder.standbys]).size).toBe(1 + holder.standbys.length);
        }
        expect(placePartitions([...withEndpoints].reverse(), partitions, replicas)).toEqual(placed);
      }),
      { numRuns: 300 },
    );
  });
});

describe('placementOf', () => {
  it('reads the placement of a topic, and none from a round-robin leader or bad bytes', () => {
    const placement = { standby: [1], holders: [{ partition: 0, active: 'http://a', standbys: ['http://b'] }] };
    expect(placementOf(Buffer.from(JSON.stringify({ t: placement })), 't')).toEqual(placement);
    expect(placementOf(Buffer.alloc(0), 't')).toBeNull();
    expect(placementOf(null, 't')).toBeNull();
    expect(placementOf(Buffer.from('{'), 't')).toBeNull();
  });
});
