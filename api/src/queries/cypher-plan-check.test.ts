import { describe, expect, it } from 'vitest';
import { planRefusal, type PlanOperator } from './cypher-plan-check.js';

const op = (operatorType: string, details?: string, children: PlanOperator[] = []): PlanOperator => ({
  operatorType,
  arguments: details === undefined ? {} : { Details: details },
  children,
});

describe('planRefusal', () => {
  it('lets reads of the graph and schema look-ups through', () => {
    const read = op('ProduceResults@neo4j', 'n', [
      op('Filter@neo4j', 'n.x = $p', [op('AllNodesScan@neo4j', 'n')]),
    ]);
    expect(planRefusal(read)).toBeUndefined();
    expect(
      planRefusal(
        op('ProduceResults@neo4j', 'label', [op('ProcedureCall@neo4j', 'db.labels() :: (label :: STRING)')]),
      ),
    ).toBeUndefined();
    expect(planRefusal(op('ShowIndexes@neo4j', 'allIndexes'))).toBeUndefined();
  });

  it('finds what reaches outside the graph, however deep in the plan', () => {
    const deep = (inner: PlanOperator) =>
      op('ProduceResults@neo4j', 'x', [op('Union@neo4j', undefined, [op('Argument@neo4j'), inner])]);
    expect(planRefusal(deep(op('LoadCSV@neo4j', 'l')))).toMatchObject({
      operator: 'LoadCSV',
      reason: /LOAD CSV/,
    });
    expect(
      planRefusal(deep(op('ProcedureCall@neo4j', 'dbms.listConfig() :: (name :: STRING)'))),
    ).toMatchObject({
      procedure: 'dbms.listConfig',
    });
    expect(planRefusal(op('AdministrationCommand@system'))).toMatchObject({ reason: /system database/ });
    expect(planRefusal(deep(op('TransactionApply@neo4j', 'IN TRANSACTIONS OF 1000 ROWS')))).toMatchObject({
      reason: /IN TRANSACTIONS/,
    });
    expect(planRefusal(op('ShowSettings@neo4j', 'allSettings'))).toMatchObject({ operator: 'ShowSettings' });
    expect(planRefusal(op('TerminateTransactions@neo4j'))).toMatchObject({
      operator: 'TerminateTransactions',
    });
    expect(planRefusal(op('ProcedureCall@neo4j'))).toMatchObject({ reason: /\(unnamed\)/ });
  });
});
