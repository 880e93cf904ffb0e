import { AssignerProtocol, PartitionAssigners, type PartitionAssigner } from 'kafkajs';

/** What a member tells the group leader when it joins (the subscription's user data). */
export interface MemberSubscription {
  /** Where the member answers for the partitions it holds (its lookup API's base URL). */
  readonly endpoint: string;
  /** Partitions it is processing now. */
  readonly active: ReadonlyArray<number>;
  /** Partitions whose state it holds warm (active ones and standbys): it takes these over fastest. */
  readonly warm: ReadonlyArray<number>;
}

/** Who holds a partition after a rebalance: the member that processes it, and those that keep its state warm. */
export interface PartitionHolders {
  readonly partition: number;
  readonly active: string;
  readonly standbys: ReadonlyArray<string>;
}

/** What the leader hands each member beside its partitions: its standbys, and every partition's holders, by endpoint. */
export interface Placement {
  readonly standby: ReadonlyArray<number>;
  readonly holders: ReadonlyArray<PartitionHolders>;
}

export interface PlacedMember extends MemberSubscription {
  readonly memberId: string;
}

const compareIds = (left: PlacedMember, right: PlacedMember) => (left.memberId < right.memberId ? -1 : left.memberId > right.memberId ? 1 : 0);

/**
 * Places the partitions of one topic on the members of a group, as Kafka Streams' high-availability
 * assignor does for its tasks (KIP-441): a partition stays with the member processing it; one whose
 * member left goes to a member that holds its state warm; the counts stay within one of each other.
 * Each partition also gets `replicas` standbys on other members, warm ones first, spread evenly.
 * Deterministic: the same members and partitions give the same placement.
 */
export function placePartitions(
  members: ReadonlyArray<PlacedMember>,
  partitions: ReadonlyArray<number>,
  replicas: number,
): Map<string, { active: number[]; placement: Placement }> {
  const sorted = [...members].sort(compareIds);
  const result = new Map<string, { active: number[]; placement: Placement }>();
  if (sorted.length === 0) return result;
  // Every member gets `floor` partitions, and `extra` of them one more: the counts differ by one at most.
  const floor = Math.floor(partitions.length / sorted.length);
  let extra = partitions.length - floor * sorted.length;
  const active = new Map(sorted.map((member) => [member.memberId, [] as number[]]));
  const ownerOf = new Map<number, PlacedMember>();
  const load = (member: PlacedMember) => active.get(member.memberId)!.length;
  const open = (member: PlacedMember) => load(member) < floor || (load(member) === floor && extra > 0);
  const give = (partition: number, member: PlacedMember) => {
    if (load(member) === floor) extra--;
    active.get(member.memberId)!.push(partition);
    ownerOf.set(partition, member);
  };
  const ordered = [...partitions].sort((left, right) => left - right);
  for (const partition of ordered) {
    const previous = sorted.find((member) => member.active.includes(partition) && open(member));
    if (previous !== undefined) give(partition, previous);
  }
  for (const partition of ordered) {
    if (ownerOf.has(partition)) continue;
    const candidates = sorted.filter(open);
    const warm = candidates.filter((member) => member.warm.includes(partition));
    const pool = warm.length > 0 ? warm : candidates;
    give(partition, pool.reduce((best, member) => (load(member) < load(best) ? member : best)));
  }
  const standbyOf = new Map(sorted.map((member) => [member.memberId, [] as number[]]));
  const holders: PartitionHolders[] = [];
  const copies = Math.min(Math.max(0, replicas), sorted.length - 1);
  for (const partition of ordered) {
    const owner = ownerOf.get(partition)!;
    const chosen: PlacedMember[] = [];
    // Rotated by partition so that ties spread over the members rather than pile on the first.
    const rotation = sorted.map((_, index) => sorted[(index + partition) % sorted.length]!);
    for (let copy = 0; copy < copies; copy++) {
      const candidates = rotation.filter((member) => member !== owner && !chosen.includes(member));
      const score = (member: PlacedMember) => (member.warm.includes(partition) ? 0 : 1_000_000) + standbyOf.get(member.memberId)!.length;
      const best = candidates.reduce((winner, member) => (score(member) < score(winner) ? member : winner));
      chosen.push(best);
      standbyOf.get(best.memberId)!.push(partition);
    }
    holders.push({ partition, active: owner.endpoint, standbys: chosen.map((member) => member.endpoint) });
  }
  for (const member of sorted) {
    result.set(member.memberId, { active: active.get(member.memberId)!, placement: { standby: standbyOf.get(member.memberId)!, holders } });
  }
  return result;
}

const json = (value: unknown) => Buffer.from(JSON.stringify(value));

function subscriptionOf(memberId: string, metadata: Buffer): PlacedMember {
  try {
    const { userData } = AssignerProtocol.MemberMetadata.decode(metadata)!;
    const parsed = JSON.parse(userData.toString('utf8')) as Partial<MemberSubscription>;
    const numbers = (value: unknown) => (Array.isArray(value) ? value.filter((entry): entry is number => Number.isInteger(entry)) : []);
    return { memberId, endpoint: typeof parsed.endpoint === 'string' ? parsed.endpoint : '', active: numbers(parsed.active), warm: numbers(parsed.warm) };
  } catch {
    // A member of another version: it gets partitions, nobody's state is warm on it.
    return { memberId, endpoint: '', active: [], warm: [] };
  }
}

/** Reads the placement a member was handed, or null when the leader's assignor wrote none (round robin). */
export function placementOf(userData: Buffer | null | undefined, topic: string): Placement | null {
  if (userData === null || userData === undefined || userData.length === 0) return null;
  try {
    const placements = JSON.parse(userData.toString('utf8')) as Record<string, Placement>;
    return placements[topic] ?? null;
  } catch {
    return null;
  }
}

export interface StandbyAssignorOptions {
  /** How many warm copies of each partition's state other members keep. */
  readonly replicas: number;
  /** Asked each time the member joins: what it holds now. */
  readonly subscription: () => MemberSubscription;
}

/** The name members agree on when they join; members of older versions fall back to round robin with it. */
export const standbyAssignorName = 'msgstatus-standby';

/**
 * The kafkajs assigner of `placePartitions`, with round robin behind it for members that do not
 * know it (a rolling upgrade). The placement travels in each member's assignment's user data.
 */
export const standbyAssigners = (options: StandbyAssignorOptions): PartitionAssigner[] => [
  ({ cluster }) => ({
    name: standbyAssignorName,
    version: 1,
    async assign({ members, topics }) {
      const placed = members.map(({ memberId, memberMetadata }) => subscriptionOf(memberId, memberMetadata));
      const perMember = new Map(placed.map((member) => [member.memberId, { assignment: {} as Record<string, number[]>, userData: {} as Record<string, Placement> }]));
      for (const topic of topics) {
        const partitions = cluster.findTopicPartitionMetadata(topic).map((metadata) => metadata.partitionId);
        for (const [memberId, { active, placement }] of placePartitions(placed, partitions, options.replicas)) {
          perMember.get(memberId)!.assignment[topic] = active;
          perMember.get(memberId)!.userData[topic] = placement;
        }
      }
      return [...perMember].map(([memberId, { assignment, userData }]) => ({
        memberId,
        memberAssignment: AssignerProtocol.MemberAssignment.encode({ version: 1, assignment, userData: json(userData) }),
      }));
    },
    protocol({ topics }) {
      return { name: standbyAssignorName, metadata: AssignerProtocol.MemberMetadata.encode({ version: 1, topics, userData: json(options.subscription()) }) };
    },
  }),
  PartitionAssigners.roundRobin,
];
