import { inject } from 'vitest';
import type { ServiceEndpoints } from './service-endpoints.js';
import './service-endpoints.js';

/** The servers the global setup picked; only available in the integration project. */
export function testServices(): ServiceEndpoints {
  return inject('services');
}
