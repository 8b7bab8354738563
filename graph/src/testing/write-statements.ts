import {
  CREATE_LINKS_CYPHER,
  DERIVE_LINKS_CYPHER,
  INDEX_HISTORY_CYPHER,
  WRITE_EVENTS_CYPHER,
} from '../graph-cypher.js';

/**
 * Every statement of a batch write, by name: planned once (`CYPHER replan=skip`), so a test checks
 * that each plan stays on seeks (an index or an element id) whatever the graph held when planned.
 */
export const WRITE_STATEMENTS: Readonly<Record<string, string>> = {
  events: WRITE_EVENTS_CYPHER,
  links: CREATE_LINKS_CYPHER,
  history: INDEX_HISTORY_CYPHER,
  ...Object.fromEntries(
    Object.entries(DERIVE_LINKS_CYPHER).map(([kind, cypher]) => [`derived ${kind}`, cypher]),
  ),
};
