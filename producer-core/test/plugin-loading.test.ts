import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isTraceyError } from '@tracey/common';
import { createDefaultRegistry, createProducer, valuesInput } from '@tracey/producer-core';
import { tickProtocol } from '@tracey/schemas/testing';

// A project directory with a plug-in installed in its node_modules, as `npm install` would.
const project = fileURLToPath(new URL('./fixtures/plugins/', import.meta.url));

describe('plug-ins', () => {
  it('loads an output from another package by name and publishes through it', async () => {
    const registry = createDefaultRegistry();
    const plugin = await registry.loadPlugin('tracey-plugin-counting', project);
    expect(plugin.name).toBe('counting');
    expect(registry.outputTypes()).toEqual(['amqp', 'stdout', 'file', 'counting']);
    const output = await registry.createOutput({ type: 'counting', label: 'x' });
    expect(output.name).toBe('counting:x');
    const report = await createProducer({
      input: valuesInput([{ id: 'a', kind: 'tick', at: 1 }]),
      protocol: tickProtocol,
      outputs: output,
    }).run();
    expect(report.accepted).toBe(1);
    expect((output as unknown as { seen: string[] }).seen).toEqual(['tick.tick a']);
  });

  it('names the package it cannot load and a type nobody provides', async () => {
    const registry = createDefaultRegistry();
    const missing: unknown = await registry
      .loadPlugin('tracey-plugin-absent', project)
      .catch((e: unknown) => e);
    expect(isTraceyError(missing, 'PRODUCER_PLUGIN_INVALID')).toBe(true);
    const unknown: unknown = await registry.createOutput({ type: 'kafka' }).catch((e: unknown) => e);
    expect(isTraceyError(unknown, 'PRODUCER_UNKNOWN_PART')).toBe(true);
    expect((unknown as Error).message).toBe('no output "kafka" (known: amqp, stdout, file)');
  });
});
