import { describe, expect, it } from 'vitest';
import { bulkSummary, type BulkReport } from './bulk-publish.js';

const report: BulkReport = {
  read: 10,
  accepted: 8,
  spooled: 3,
  unroutable: ['a'],
  rejected: [],
  rejectedCount: 2,
  failed: 0,
  reasons: [],
  failureCodes: [],
  seconds: 2,
};

describe('bulkSummary', () => {
  it('gives counts, rate and only the non-zero exceptions', () => {
    expect(bulkSummary(report, 'amqp+spool')).toBe(
      'tracey: published 8 of 10 events to amqp+spool in 2.00 s (4/s), 3 spooled, 2 invalid, 1 unroutable',
    );
    expect(bulkSummary({ ...report, spooled: 0, rejectedCount: 0, unroutable: [] }, 'file')).toBe(
      'tracey: published 8 of 10 events to file in 2.00 s (4/s)',
    );
  });
});
