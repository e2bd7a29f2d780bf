/** The tornado chart: built from a real tornado of the uncertain Harrogate scenario. */
import { describe, it, expect } from 'vitest';
import { loadScenario, project, tornado } from '../../src/index.js';
import { chartsFor, tornadoChart, toSVG, toVegaSpec } from '../../src/charts/index.js';
import { model } from '../helpers.js';

describe('tornado chart', () => {
  const scenario = loadScenario(model('harrogate-integrated-care-uncertain.yaml'));
  const results = project(scenario);
  const t = tornado(scenario, { year: '2020/21' });

  it('draws every input from its p10 to its p90, largest swing first, without warnings', async () => {
    const spec = tornadoChart(results, t);
    const warnings: string[] = [];
    toVegaSpec(spec, { warnings });
    const svg = await toSVG(spec, { warnings });
    expect(warnings).toEqual([]);
    expect(svg).toContain('What moves the');
    const layer = (spec as unknown as { layer: { data: { values: { input: string; to: number }[] } }[] }).layer[0]!;
    const inputs = [...new Set(layer.data.values.map((v) => v.input))];
    expect(inputs[0]).toBe(t.bars[0]!.label);
    expect(inputs.length).toBe(Math.min(12, t.bars.length));
    expect(t.bars.every((b, i) => i === 0 || b.swing <= t.bars[i - 1]!.swing)).toBe(true);
    expect(spec.description).toContain('2020/21');
  });

  it('is offered by the registry only when a tornado is given', () => {
    expect(chartsFor(results).map((c) => c.name)).not.toContain('tornado');
    expect(chartsFor(results, { tornado: t }).map((c) => c.name)).toContain('tornado');
  });

  it('names each input by its label (the scenario\'s, else its name in words), keeping its $name and path', () => {
    const bar = (input: string) => t.bars.find((b) => b.input === input)!;
    // written with `label:` in models/harrogate-integrated-care-uncertain.yaml
    expect(bar('$ciiThereafter')).toMatchObject({ label: 'Cost inflation after 2023/24', path: 'parameters.ciiThereafter.value' });
    // inherited from the parent, models/harrogate-integrated-care.yaml
    expect(bar('$avoidableRealisation').label).toBe('Share of avoidable admissions reached');
    expect(t.bars.every((b) => !b.label.startsWith('parameters.'))).toBe(true);
    const spec = tornadoChart(results, t);
    expect(spec.description).toContain(`${t.bars[0]!.label} moves it by`);
  });
});
