import { describe, expect, it } from 'vitest';
import { architectureDiagram, projectGraph } from './architectureDiagram.js';

describe('architectureDiagram', () => {
  const diagram = architectureDiagram(projectGraph());

  it('draws the layers from the project graph: apps over adapters over the core over the contract', () => {
    expect(diagram).toContain('  ingestor --> pipeline\n');
    expect(diagram).toContain('  pipeline --> status_core\n');
    expect(diagram).toContain('  status_core --> provider_registry\n');
    expect(diagram).toContain('  providers --> canonical\n');
    expect(diagram).toContain('  canonical --> status_machine\n');
  });

  it('shows the core free of Kafka and the machine free of everything', () => {
    expect(diagram).not.toMatch(/status_core --> (kafka|pipeline|app_runtime)\n/);
    expect(diagram).not.toMatch(/status_machine --> /);
    expect(diagram).not.toMatch(/(gateway|poller) --> (pipeline|status_core)\n/);
  });
});
