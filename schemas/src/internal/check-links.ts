import type { ValidationIssue } from '../protocol.js';
import type { LinkRuleTable } from './definition-model.js';
import { EIFFEL_UUID_PATTERN } from './format-issues.js';
import { own } from './own.js';

const UUID = new RegExp(EIFFEL_UUID_PATTERN);

/**
 * The link rules the official schemas check only loosely: each link type legal for the source
 * event, single links not repeated, every required link present, every target a UUID. Malformed
 * links (not objects, non-string members) are left to the schema check, which reports them.
 */
export function checkLinks(links: unknown, rules: LinkRuleTable, source: string): ValidationIssue[] {
  if (!Array.isArray(links)) return [];
  const issues: ValidationIssue[] = [];
  const firstIndex = new Map<string, number>();
  links.forEach((link: unknown, i) => {
    if (typeof link !== 'object' || link === null) return;
    const { type, target } = link as { type?: unknown; target?: unknown };
    if (typeof target === 'string' && !UUID.test(target)) {
      issues.push({
        path: `links[${i}].target`,
        code: 'pattern',
        message: `must be a lowercase UUID (RFC 4122, versions 1-5); got ${JSON.stringify(target)}`,
      });
    }
    if (typeof type !== 'string') return;
    const rule = own(rules, type);
    const first = firstIndex.get(type);
    if (rule === undefined) {
      issues.push({
        path: `links[${i}].type`,
        code: 'link_type_illegal',
        message: `${type} is not a link type of ${source}; legal: ${Object.keys(rules).join(', ')}`,
      });
    } else if (first !== undefined && !rule.multiple) {
      issues.push({
        path: `links[${i}].type`,
        code: 'link_repeated',
        message: `${type} may appear only once in ${source}; already at links[${first}]`,
      });
    }
    if (first === undefined) firstIndex.set(type, i);
  });
  for (const [type, rule] of Object.entries(rules)) {
    if (rule.required && !firstIndex.has(type)) {
      issues.push({
        path: 'links',
        code: 'link_missing',
        message: `required link ${type} of ${source} is missing`,
      });
    }
  }
  return issues;
}
