import { inject } from 'vitest';
import type { ServiceEndpoints } from './service-endpoints.js';
import './service-endpoints.js';

/**
 * The servers the global setup picked for this file; only available in the integration and fault
 * projects. Files that run at the same time each have a Neo4j of their own: vitest numbers its
 * running workers 1 to maxWorkers (`VITEST_POOL_ID`), and maxWorkers is the number of slots.
 */
export function testServices(): ServiceEndpoints {
  const slots = inject('serviceSlots');
  const worker = Number(process.env['VITEST_POOL_ID'] ?? '1');
  return slots[(worker - 1) % slots.length] ?? inject('services');
}
