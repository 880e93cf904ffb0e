import { parser } from '@prometheus-io/lezer-promql';

/** A vector selector of a PromQL expression, as written: `name{label="value"}`. */
export interface PromqlSelector {
  /** The selector's text, a query of its own (ranges, offsets and functions around it left out). */
  readonly text: string;
  /** The metric name it selects, or null when it selects by `__name__` or by labels alone. */
  readonly metric: string | null;
  /** The label names its matchers test. */
  readonly labels: ReadonlyArray<string>;
}

/**
 * The vector selectors of `expression`, found with Prometheus's own PromQL grammar (the Lezer one its
 * web UI uses): what an expression reads, when the expression itself is legitimately empty (an alert
 * condition on a healthy system). Throws on an expression the grammar cannot parse. It only finds
 * selectors; whether the expression is valid for a given Prometheus is `promtool check rules`'s word.
 */
export function promqlSelectors(expression: string): PromqlSelector[] {
  const tree = parser.parse(expression);
  const selectors: PromqlSelector[] = [];
  let error: number | null = null;
  tree.iterate({
    enter: (ref) => {
      if (ref.type.isError && error === null) error = ref.from;
      if (ref.name !== 'VectorSelector') return;
      const node = ref.node;
      const identifier = node.getChild('Identifier');
      const matchers = node.getChild('LabelMatchers');
      const labels = (matchers?.getChildren('UnquotedLabelMatcher') ?? []).map((matcher) => {
        const name = matcher.getChild('LabelName')!;
        return expression.slice(name.from, name.to);
      });
      selectors.push({ text: expression.slice(node.from, node.to), metric: identifier === null ? null : expression.slice(identifier.from, identifier.to), labels });
      return false;
    },
  });
  if (error !== null) throw new Error(`PromQL that does not parse at character ${error}: ${expression}`);
  return selectors;
}
