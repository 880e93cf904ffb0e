import { statusMachine, type DecisionRule } from '@msgstatus/status-machine';

type Node = (typeof statusMachine.root.states)[string];

const statusOf = (node: Node): string => (node.path[0] === 'unobserved' ? '[*]' : node.path[0]!);

const ruleOf = (actions: ReadonlyArray<unknown>): DecisionRule | null => {
  for (const action of actions) {
    const { type, params } = action as { type?: string; params?: { rule?: DecisionRule } };
    if (type === 'accept' && params?.rule) return params.rule;
  }
  return null;
};

function* nodesOf(node: Node): Generator<Node> {
  yield node;
  for (const child of Object.values(node.states)) yield* nodesOf(child);
}

/**
 * The Mermaid state diagram of the machine, read from its definition: every accepted transition
 * within one attempt, between statuses (details folded into their status). Opening a later attempt
 * leaves any state and is shown as a note, or it would connect everything to everything.
 */
export function machineDiagram(): string {
  const edges = new Map<string, Set<string>>();
  for (const top of Object.values(statusMachine.root.states)) {
    for (const node of nodesOf(top)) {
      for (const [eventType, transitions] of node.transitions) {
        for (const transition of transitions) {
          const rule = ruleOf(transition.actions);
          const target = transition.target?.[0];
          if (rule === null || rule === 'next-attempt' || target === undefined) continue;
          const edge = `${statusOf(node)} --> ${statusOf(target)}`;
          const label = rule === 'refine' ? 'delivered to the recipient' : eventType.replace('observed.', '');
          if (!edges.has(edge)) edges.set(edge, new Set());
          edges.get(edge)!.add(label);
        }
      }
    }
  }
  const lines = [...edges].map(([edge, labels]) => (edge.endsWith(edge.split(' --> ')[0]!) ? `  ${edge} : ${[...labels].join(', ')}` : `  ${edge}`));
  return [
    '```mermaid',
    'stateDiagram-v2',
    ...lines,
    '  note right of failed',
    '    rejected, undelivered and failed are terminal for an attempt:',
    '    a later attempt (channel fallback) leaves any state.',
    '  end note',
    '```',
  ].join('\n');
}
