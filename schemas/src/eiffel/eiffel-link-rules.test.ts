import { describe, expect, it } from 'vitest';
import {
  EIFFEL_LINK_RULES,
  eiffelLinkRule,
  eiffelLinkRules,
  isLegalLinkTarget,
} from './eiffel-link-rules.js';

describe('Eiffel link rules', () => {
  it('exports the rule table of every version', () => {
    expect(EIFFEL_LINK_RULES.EiffelTestCaseFinishedEvent['4.1.1']?.['TEST_CASE_EXECUTION']).toEqual({
      required: true,
      multiple: false,
      targetTypes: ['EiffelTestCaseTriggeredEvent'],
    });
    // FLOW_CONTEXT became multiple in ActivityFinished 1.1.0.
    expect(eiffelLinkRule('EiffelActivityFinishedEvent', '1.0.0', 'FLOW_CONTEXT')?.multiple).toBe(false);
    expect(eiffelLinkRule('EiffelActivityFinishedEvent', '1.1.0', 'FLOW_CONTEXT')?.multiple).toBe(true);
  });

  it('fills the rules upstream left empty from the next version', () => {
    expect(Object.keys(eiffelLinkRules('EiffelTestCaseFinishedEvent', '1.0.0') ?? {})).toContain(
      'TEST_CASE_EXECUTION',
    );
  });

  it('answers whether a link may target a type', () => {
    expect(
      isLegalLinkTarget(
        'EiffelArtifactCreatedEvent',
        '3.0.0',
        'COMPOSITION',
        'EiffelCompositionDefinedEvent',
      ),
    ).toBe(true);
    expect(
      isLegalLinkTarget('EiffelArtifactCreatedEvent', '3.0.0', 'COMPOSITION', 'EiffelArtifactCreatedEvent'),
    ).toBe(false);
    expect(isLegalLinkTarget('EiffelArtifactCreatedEvent', '3.0.0', 'CAUSE', 'EiffelAnythingEvent')).toBe(
      true,
    );
    expect(isLegalLinkTarget('EiffelArtifactCreatedEvent', '9.9.9', 'CAUSE', 'X')).toBeUndefined();
    expect(eiffelLinkRules('constructor')).toBeUndefined();
  });
});
