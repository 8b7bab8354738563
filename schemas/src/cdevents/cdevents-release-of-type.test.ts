import { describe, expect, it } from 'vitest';
import { cdeventsReleaseOfType } from './validate-cdevent.js';

describe('cdeventsReleaseOfType', () => {
  it.each([
    ['dev.cdevents.service.deployed.0.3.0', '0.5.1'],
    ['dev.cdevents.service.deployed.0.2.0', '0.4.1'],
    ['dev.cdevents.service.deployed.0.1.1', '0.3.0'],
    ['dev.cdevents.service.deployed.9.9.9', undefined],
    ['dev.cdeventsx.argo-app.synced.0.1.0', undefined],
    ['io.argoproj.sync.succeeded', undefined],
  ])('%s is of release %s', (type, release) => {
    expect(cdeventsReleaseOfType(type)).toBe(release);
  });
});
