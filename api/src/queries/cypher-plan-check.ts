/**
 * The parts of Neo4j's plan (`EXPLAIN`) of a statement that this check reads: one operator,
 * `Name@database`, with its details and children, as the driver's `ResultSummary.plan` gives it.
 */
export interface PlanOperator {
  readonly operatorType: string;
  readonly arguments: Readonly<Record<string, unknown>>;
  readonly children: readonly PlanOperator[];
}

/** Why a statement cannot run through `POST /cypher`: what it does and the operator that says so. */
export interface PlanRefusal {
  readonly reason: string;
  readonly operator: string;
  readonly procedure?: string;
}

/**
 * Procedures a read of the graph may call: schema and index look-ups that read this database.
 * Everything else — `dbms.*` (configuration, JMX, users, connections), index and cache
 * administration, plugin procedures — is refused.
 */
export const ALLOWED_PROCEDURES: ReadonlySet<string> = new Set([
  'db.labels',
  'db.relationshipTypes',
  'db.propertyKeys',
  'db.schema.visualization',
  'db.schema.nodeTypeProperties',
  'db.schema.relTypeProperties',
  'db.index.fulltext.queryNodes',
  'db.index.fulltext.queryRelationships',
  'db.index.vector.queryNodes',
  'db.index.vector.queryRelationships',
  'db.ping',
]);

/** `SHOW …` commands that describe this graph's schema; other `SHOW`s (settings, transactions) are refused. */
const ALLOWED_SHOW = new Set(['ShowIndexes', 'ShowConstraints', 'ShowProcedures', 'ShowFunctions']);

/** Operators that reach outside the graph, with what they do in the user's words. */
const REFUSED_OPERATORS: Readonly<Record<string, string>> = {
  LoadCSV: 'LOAD CSV reads files and URLs outside the graph',
  TransactionApply: 'CALL { … } IN TRANSACTIONS commits on its own, outside the read transaction',
  TransactionForeach: 'CALL { … } IN TRANSACTIONS commits on its own, outside the read transaction',
};

// `dbms.listConfig() :: (name :: STRING)` → `dbms.listConfig`
function procedureName(details: unknown): string | undefined {
  if (typeof details !== 'string') return undefined;
  const name = /^\s*([A-Za-z_][\w.]*)\s*\(/.exec(details)?.[1];
  return name;
}

function refusalOf(operator: PlanOperator): PlanRefusal | undefined {
  const [name = '', database] = operator.operatorType.split('@');
  if (database === 'system') {
    return {
      reason:
        'administration commands (SHOW USERS, SHOW DATABASES, CREATE USER, …) run on the system database, not the graph',
      operator: operator.operatorType,
    };
  }
  const refused = REFUSED_OPERATORS[name];
  if (refused !== undefined) return { reason: refused, operator: name };
  if ((name.startsWith('Show') && !ALLOWED_SHOW.has(name)) || name.startsWith('Terminate')) {
    return { reason: `${name} describes or acts on the server, not the graph`, operator: name };
  }
  if (name === 'ProcedureCall' || name.endsWith('ProcedureCall')) {
    const procedure = procedureName(operator.arguments['Details']);
    if (procedure === undefined || !ALLOWED_PROCEDURES.has(procedure)) {
      return {
        reason: `procedure ${procedure ?? '(unnamed)'} is not one that reads the graph (allowed: ${[...ALLOWED_PROCEDURES].join(', ')})`,
        operator: name,
        ...(procedure === undefined ? {} : { procedure }),
      };
    }
  }
  return undefined;
}

/**
 * The first operator of a plan that reaches outside the graph — file or URL loading, system
 * database commands, procedures other than {@link ALLOWED_PROCEDURES}, server `SHOW`s,
 * `CALL { … } IN TRANSACTIONS` — or `undefined` when the whole plan reads the graph. The plan
 * is Neo4j's own parse of the statement, so comments, casing, parameters and nesting
 * (`UNION`, subqueries) cannot hide an operator from it.
 */
export function planRefusal(plan: PlanOperator): PlanRefusal | undefined {
  const pending: PlanOperator[] = [plan];
  for (let operator = pending.pop(); operator !== undefined; operator = pending.pop()) {
    const refusal = refusalOf(operator);
    if (refusal !== undefined) return refusal;
    pending.push(...operator.children);
  }
  return undefined;
}
