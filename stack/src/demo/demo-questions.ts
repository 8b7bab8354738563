import type { DemoPipelineIds } from './demo-pipeline.js';

/** One question a user asks of the graph, and the `tracey` command that answers it. */
export interface DemoQuestion {
  readonly question: string;
  readonly argv: readonly string[];
}

/** The questions the demo answers with the CLI after publishing its pipeline. */
export function demoQuestions(ids: DemoPipelineIds): DemoQuestion[] {
  const first = ids.commits[0];
  if (first === undefined) return [];
  return [
    {
      question: 'What is in the release candidate? (commits, work items, artifacts, third-party components)',
      argv: ['trace', 'down', ids.confidence],
    },
    {
      question: `Which releases contain commit ${first.sha.slice(0, 8)} (${first.issue})?`,
      argv: ['trace', 'up', first.created],
    },
    {
      question: `How long did commit ${first.sha.slice(0, 8)} take to become a release candidate?`,
      argv: ['lead-time', first.created, ids.confidence],
    },
  ];
}

/** A Cypher query that draws the deploy build and everything upstream of it in Neo4j Browser. */
export function demoGraphQuery(ids: DemoPipelineIds): string {
  return `MATCH p = (:EiffelActivityTriggeredEvent {id: '${ids.deploy.activity}'})-[*1..8]->() RETURN p`;
}

/** Neo4j Browser at `browserUrl` with `query` in its editor. */
export function browserLink(browserUrl: string, query: string): string {
  return `${browserUrl}?cmd=edit&arg=${encodeURIComponent(query)}`;
}
