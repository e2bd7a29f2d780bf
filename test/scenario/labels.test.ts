/** Uncertain inputs named as a person would say them, from the scenario. */
import { describe, it, expect } from 'vitest';
import { humanName, inputLabel } from '../../src/scenario/labels.js';
import { loadScenario } from '../../src/index.js';
import { model } from '../helpers.js';

describe('input labels', () => {
  const sc = { parameters: { ciiThereafter: { value: 0.02, label: 'Cost inflation after 2023/24' }, ndg_ae: { value: 0.013 } } } as never;

  it('take the parameter\'s label, else its name in words, else the path as written', () => {
    expect(inputLabel(sc, 'parameters.ciiThereafter.value')).toBe('Cost inflation after 2023/24');
    expect(inputLabel(sc, 'parameters.ndg_ae.value')).toBe('Growth beyond ageing A&E');
    expect(humanName('contactsPerAvoidedAdmission')).toBe('Contacts per avoided admission');
    expect(inputLabel(sc, 'services[2].unitCost')).toBe('services[2].unitCost');
    // financial years as years, abbreviations as a finance lead reads them
    expect(humanName('council_asc_funding_2017_18')).toBe('Council adult social care funding 2017/18');
    expect(humanName('ccg_other_spend_2017_18')).toBe('CCG other spend 2017/18');
    expect(humanName('need_index_2018_19_basis')).toBe('Need index 2018/19 basis');
    expect(humanName('unit_cost_ae_attendance')).toBe('Unit cost A&E attendance');
  });

  it('call a choice among population tables the population projection', () => {
    const s = loadScenario(model('harrogate-integrated-care-variants.yaml'));
    const choice = s.uncertain.find((u) => u.options)!;
    expect(choice.label).toMatch(/population\.table$/);
    expect(choice.title).toBe('Population projection');
  });
});
