// `@tracey/api/contract`: the query API's answers as zod schemas, for the API's routes and for its
// clients. Imports nothing but zod, so a client takes it without the server.
export {
  cypherAnswer,
  errorAnswer,
  eventPageAnswer,
  healthAnswer,
  leadTimeAnswer,
  leadTimeStatsAnswer,
  linkSearchAnswer,
  missingLinksAnswer,
  readyAnswer,
  storedCdEvent,
  storedEiffelEvent,
  storedEvent,
  traceContentsAnswer,
  traceReleasesAnswer,
  traversalAnswer,
} from './answers.js';
export type {
  ErrorAnswer,
  EventPageAnswer,
  LeadTimeAnswer,
  LeadTimeFigures,
  LeadTimeStatsAnswer,
  StoredEiffelEvent,
  StoredEvent,
  TraceContentsAnswer,
  TraceReleasesAnswer,
  TraversalAnswer,
} from './answers.js';
