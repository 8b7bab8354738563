import { EVENT_LABEL } from '@tracey/graph';

/** The stored event's JSON text; placeholders (no hash) are not events. */
export const GET_EVENT_CYPHER_FOR_API = `MATCH (n:${EVENT_LABEL} {id: $id}) WHERE n.hash IS NOT NULL RETURN n.event AS json`;
